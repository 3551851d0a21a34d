package dev.criexporter.simulator.cri;

import dev.criexporter.simulator.CgroupLayout;
import dev.criexporter.simulator.CgroupTreeWriter;
import dev.criexporter.simulator.CgroupVersion;
import dev.criexporter.simulator.ManualClock;
import dev.criexporter.simulator.SimulatedNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A whole simulated host under one directory: a {@link SimulatedNode}, its cgroup tree at
 * {@code <root>/sys/fs/cgroup} and a {@link FakeCriServer} on the personality's socket under {@code <root>}.
 * The runtime answers at the instants the tree was last written, so the two agree exactly at all times; move
 * time with {@link #advance} (manual clock) or {@link #startTicking} (any clock, e.g. for a demo).
 *
 * <pre>{@code
 * try (FakeHost host = FakeHost.builder(tempDir).containers(200).start()) {
 *     host.advance(Duration.ofSeconds(15));
 *     // point the exporter at host.root(), host.cgroupRoot(), host.socketPath()
 * }
 * }</pre>
 */
public final class FakeHost implements AutoCloseable {

  /** Where the cgroup tree goes, relative to the host root. */
  public static final String CGROUP_DIR = "sys/fs/cgroup";

  private final Path root;
  private final SimulatedNode node;
  private final CgroupTreeWriter cgroups;
  private final FakeCriServer runtime;
  private ScheduledExecutorService ticker;

  private FakeHost(Path root, SimulatedNode node, CgroupTreeWriter cgroups, FakeCriServer runtime) {
    this.root = root;
    this.node = node;
    this.cgroups = cgroups;
    this.runtime = runtime;
  }

  /** A host under {@code root} (which may exist). */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  public Path root() {
    return root;
  }

  public Path cgroupRoot() {
    return cgroups.root();
  }

  public Path socketPath() {
    return runtime.socketPath();
  }

  public SimulatedNode node() {
    return node;
  }

  public CgroupTreeWriter cgroups() {
    return cgroups;
  }

  public FakeCriServer runtime() {
    return runtime;
  }

  /** Rewrites the cgroup tree at the node clock's current instant (and follows churn). */
  public void refresh() {
    cgroups.update();
  }

  /** Moves a {@link ManualClock} forward and rewrites the tree. */
  public void advance(Duration step) {
    if (!(node.clock() instanceof ManualClock manual)) {
      throw new IllegalStateException("advance needs the node to run on a ManualClock, it has " + node.clock());
    }
    manual.advance(step);
    refresh();
  }

  /** Rewrites the tree every {@code period} on a background thread, until {@link #stopTicking} or close. */
  public synchronized void startTicking(Duration period) {
    if (ticker != null) {
      throw new IllegalStateException("already ticking");
    }
    ticker = Executors.newSingleThreadScheduledExecutor(FakeCriServer.daemonThreads("fake-host-ticker"));
    long nanos = period.toNanos();
    ticker.scheduleAtFixedRate(this::refreshQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  public synchronized void stopTicking() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }

  /** Stops ticking and the runtime; the files stay for the caller to inspect or delete. */
  @Override
  public void close() {
    stopTicking();
    runtime.close();
  }

  /** A scheduled task that throws is never run again: a failed refresh is retried at the next tick. */
  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      Thread t = Thread.currentThread();
      t.getUncaughtExceptionHandler().uncaughtException(t, e);
    }
  }

  /** Configures a {@link FakeHost}. */
  public static final class Builder {
    private final Path root;
    private SimulatedNode node;
    private int containers = 50;
    private long seed = 1;
    private Clock clock;
    private RuntimePersonality personality = RuntimePersonality.CONTAINERD;
    private CgroupLayout layout;
    private CgroupVersion version = CgroupVersion.V2;
    private CgroupTreeWriter.WriteMode writeMode = CgroupTreeWriter.WriteMode.IN_PLACE;

    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    /** Use this node (its clock included) instead of generating one. */
    public Builder node(SimulatedNode node) {
      this.node = Objects.requireNonNull(node, "node");
      return this;
    }

    /** Generate a node with this many containers (default 50). */
    public Builder containers(int containers) {
      this.containers = containers;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The generated node's clock (default: a {@link ManualClock} at 2024-05-01T12:00:00Z). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder personality(RuntimePersonality personality) {
      this.personality = Objects.requireNonNull(personality, "personality");
      return this;
    }

    /** The cgroup layout (default: the personality's). */
    public Builder layout(CgroupLayout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    public Builder cgroupVersion(CgroupVersion version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /** How the tree's files are replaced; {@code ATOMIC} when something reads while {@link #startTicking} runs. */
    public Builder writeMode(CgroupTreeWriter.WriteMode writeMode) {
      this.writeMode = Objects.requireNonNull(writeMode, "writeMode");
      return this;
    }

    /** Writes the tree and starts the runtime. */
    public FakeHost start() throws IOException {
      SimulatedNode n = node != null ? node : SimulatedNode.builder()
          .seed(seed)
          .containers(containers)
          .clock(clock != null ? clock : new ManualClock(java.time.Instant.parse("2024-05-01T12:00:00Z")))
          .build();
      CgroupLayout l = layout != null ? layout : personality.defaultLayout();
      CgroupTreeWriter tree = CgroupTreeWriter.create(n, root.resolve(CGROUP_DIR), version, l, writeMode);
      tree.update();
      FakeCriServer server = FakeCriServer.builder(n)
          .personality(personality)
          .layout(l)
          .hostRoot(root)
          .sampleClock(tree.sampleClock())
          .start();
      return new FakeHost(root, n, tree, server);
    }
  }
}
