package dev.criexporter.testsupport.containerd;

import dev.criexporter.cri.v1.RuntimeServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A containerd of its own for one test: started as a child process with every directory and
 * socket under a work directory, serving the CRI on a Unix socket, with a busybox test image
 * imported (see {@link BusyboxImage}) that serves both as the sandbox image and as the workload
 * image.
 *
 * <pre>{@code
 * try (PrivateContainerd containerd = PrivateContainerd.startOrAbort(tempDir.resolve("containerd"))) {
 *     RunningPod pod = containerd.pods().run(PodSpec.builder("web").container(Workloads.cpuBurner("burner")).build());
 *     // ... point the code under test at containerd.endpoint() ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} leaves nothing behind, even after a test failed half-way or killed
 * containerd (see {@link InstanceCleanup} for the steps). It is idempotent, and also runs from
 * a JVM shutdown hook if the test never gets to call it.
 *
 * <p>Requires root, {@code containerd} (1.6 tested), {@code ctr}, {@code runc},
 * {@code containerd-shim-runc-v2} and a static busybox:
 * {@code apt-get install -y containerd runc busybox-static}.
 */
public final class PrivateContainerd implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PrivateContainerd.class);
  private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration IMAGE_VISIBLE_TIMEOUT = Duration.ofSeconds(10);
  private static final long IMAGE_STATUS_DEADLINE_MILLIS = 2000;
  private static final long POLL_MILLIS = 20;

  /** How long the last start took: containerd answering the CRI, then the image import. */
  public record StartupTimes(Duration untilReady, Duration imageImport) {
  }

  private final ContainerdConfig config;
  private final ContainerdProcess containerd;
  private final Path ctrBinary;
  private final BusyboxImage image;
  private final PodCgroups podCgroups;
  private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();
  private final Thread shutdownHook = new Thread(this::closeFromShutdownHook, "private-containerd-cleanup");

  private volatile ManagedChannel sharedChannel;
  private volatile StartupTimes startupTimes;
  private volatile boolean closed;

  private PrivateContainerd(ContainerdConfig config, ContainerdProcess containerd, Path ctrBinary, BusyboxImage image) {
    this.config = config;
    this.containerd = containerd;
    this.ctrBinary = ctrBinary;
    this.image = image;
    this.podCgroups = new PodCgroups(MountTable.read().cgroupHierarchies());
  }

  /** Starts a private containerd with default settings in {@code workDir} (created if absent; must be empty). */
  public static PrivateContainerd start(Path workDir) {
    return builder(workDir).start();
  }

  /**
   * Starts a private containerd with default settings, or ends the calling test if that is not
   * possible here: failed under {@code CI=true}, skipped otherwise (see {@link Builder#startOrAbort()}).
   */
  public static PrivateContainerd startOrAbort(Path workDir) {
    return builder(workDir).startOrAbort();
  }

  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  /** The work directory; everything of this instance lives below it, and it is deleted on close. */
  public Path workDir() {
    return config.workDir();
  }

  /** The CRI (and containerd API) Unix socket. */
  public Path socketPath() {
    return config.socket();
  }

  /** The socket as a CRI endpoint: {@code unix:///...}. */
  public String endpoint() {
    return "unix://" + config.socket();
  }

  /** containerd's own Prometheus endpoint, {@code http://127.0.0.1:<port>/v1/metrics}. */
  public URI metricsUri() {
    return URI.create("http://127.0.0.1:" + config.metricsPort() + "/v1/metrics");
  }

  /** The PID of the current containerd process (it changes on {@link #restart()}). */
  public long pid() {
    return containerd.pid();
  }

  /** Whether the containerd process is alive. */
  public boolean isRunning() {
    return containerd.isRunning();
  }

  /** containerd's stdout and stderr, appended to across restarts. */
  public Path logFile() {
    return config.logFile();
  }

  /** The config file containerd runs with. */
  public Path configFile() {
    return config.configFile();
  }

  /** The reference of the imported busybox image (sandbox and workload image). */
  public String imageRef() {
    return image.ref();
  }

  /** The imported image: digests, archive. */
  public BusyboxImage image() {
    return image;
  }

  /** Durations of the last (re)start. */
  public StartupTimes startupTimes() {
    return startupTimes;
  }

  /** Last lines of containerd's log, for assertion messages. */
  public String logTail(int lines) {
    return LogTail.of(config.logFile(), lines);
  }

  /**
   * A new channel to the CRI socket. The caller may shut it down; any still open are shut down
   * by {@link #close()}.
   */
  public ManagedChannel newChannel() {
    requireOpen();
    ManagedChannel channel = Grpc.newChannelBuilder(endpoint(), InsecureChannelCredentials.create()).build();
    channels.removeIf(ManagedChannel::isTerminated);
    channels.add(channel);
    return channel;
  }

  /**
   * A blocking CRI runtime stub on a channel shared by this instance. It has no deadline:
   * add one per call ({@code withDeadlineAfter}).
   */
  public RuntimeServiceGrpc.RuntimeServiceBlockingStub runtimeService() {
    requireOpen();
    return RuntimeServiceGrpc.newBlockingStub(sharedChannel());
  }

  /** Creates pods and containers in this containerd the way kubelet would. */
  public TestPods pods() {
    requireOpen();
    return new TestPods(this::runtimeService, image.ref(), config.podLogDir(), podCgroups::track, config.logFile());
  }

  /** SIGKILLs containerd, as a crash would. Shims and containers keep running; see {@link #restart()}. */
  public synchronized void kill9() {
    requireOpen();
    long pid = containerd.pid();
    containerd.kill();
    LOG.info("containerd (pid {}) killed with SIGKILL", pid);
  }

  /**
   * Starts containerd again with the same config and state, stopping it first (SIGTERM) if it
   * runs. Running containers are picked up again from their shims. Channels reconnect on their own.
   *
   * @throws ContainerdStartException if it does not come back
   */
  public synchronized void restart() {
    requireOpen();
    containerd.stop();
    appendToLog("---- restarted by the test at " + Instant.now() + " ----");
    Duration ready = containerd.start();
    startupTimes = new StartupTimes(ready, Duration.ZERO);
    Optional.ofNullable(sharedChannel).ifPresent(ManagedChannel::resetConnectBackoff);
    channels.forEach(ManagedChannel::resetConnectBackoff);
  }

  /**
   * Cleans up after an instance whose owner died without closing it (its JVM was killed):
   * SIGKILLs the shims still serving {@code workDir}'s socket and their containers, removes the
   * pod cgroups named in its task bundles and in {@code podCgroups}, removes leftover shim
   * sockets, unmounts everything under {@code workDir} and deletes it. Stop the instance's
   * containerd process first, if it still runs.
   *
   * @param podCgroups pod cgroups ({@code /kubepods[/<qos>]/pod<uid>}) its pods used
   * @return what could not be cleaned up (empty on success)
   */
  public static List<String> cleanUpAbandoned(Path workDir, Collection<String> podCgroups) {
    ContainerdConfig config = new ContainerdConfig(workDir, 1, BusyboxImage.DEFAULT_REF, 10);
    PodCgroups cgroups = new PodCgroups(MountTable.read().cgroupHierarchies());
    podCgroups.forEach(cgroups::track);
    ContainerdProcess notStarted = new ContainerdProcess(config, Path.of("containerd"), "", Duration.ofSeconds(1));
    return InstanceCleanup.run(config, cgroups, notStarted, () -> {
      throw new IllegalStateException("no containerd of this instance runs");
    }, () -> { });
  }

  /**
   * Removes every pod sandbox, stops containerd and its shims, unmounts, removes pod cgroups
   * and deletes the work directory. Safe to call more than once.
   *
   * @throws IllegalStateException if something could not be cleaned up (the message lists what)
   */
  @Override
  public void close() {
    List<String> problems = closeAndCollectProblems();
    if (!problems.isEmpty()) {
      throw new IllegalStateException("private containerd in " + config.workDir() + " was not completely cleaned up:"
          + System.lineSeparator() + String.join(System.lineSeparator(), problems));
    }
  }

  /** Pod cgroup directories of this instance that still exist: empty after a successful {@link #close()}. */
  public List<Path> remainingPodCgroupDirectories() {
    return podCgroups.existingDirectories();
  }

  /** Shim processes of this instance that are alive: empty after a successful {@link #close()}. */
  public List<ProcessHandle> liveShims() {
    return ShimProcesses.of(config.socket());
  }

  /** Mount points at or below the work directory: empty after a successful {@link #close()}. */
  public List<Path> remainingMounts() {
    return MountTable.read().mountPointsUnder(config.workDir());
  }

  @Override
  public String toString() {
    return "PrivateContainerd[" + config.workDir()
        + containerd.current().map(p -> ", pid " + p.pid()).orElse("") + (closed ? ", closed" : "") + "]";
  }

  // ---- start -----------------------------------------------------------------------------

  private void startup() {
    try {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      Files.writeString(config.configFile(), config.render(), StandardCharsets.UTF_8);
      Duration ready = containerd.start();
      startupTimes = new StartupTimes(ready, importImage());
    } catch (ContainerdStartException e) {
      throw withCleanup(e);
    } catch (RuntimeException | IOException e) {
      throw withCleanup(ContainerdStartException.withLogTail("cannot start containerd: " + e, config.logFile()));
    }
  }

  /** Cleans up after a failed start; the failure is built first, while the log still exists. */
  private ContainerdStartException withCleanup(ContainerdStartException failure) {
    List<String> leftovers = closeAndCollectProblems();
    if (leftovers.isEmpty()) {
      return failure;
    }
    return new ContainerdStartException(failure.getMessage() + System.lineSeparator()
        + "cleanup after the failed start left: " + leftovers, failure);
  }

  private Duration importImage() {
    long started = System.nanoTime();
    Command.Result result = Command.run(IMPORT_TIMEOUT, ctrBinary.toString(), "--address", config.socket().toString(),
        "--namespace", "k8s.io", "images", "import", "--snapshotter", "overlayfs", image.archive().toString());
    if (!result.succeeded()) {
      throw ContainerdStartException.withLogTail("importing the test image failed: " + result.describe(),
          config.logFile());
    }
    awaitImageVisibleToCri();
    Duration imported = Duration.ofNanos(System.nanoTime() - started);
    LOG.info("image {} imported in {} ms", image.ref(), imported.toMillis());
    return imported;
  }

  /**
   * Waits for the CRI plugin to index the image: it does so from an event, shortly after ctr
   * returns, and a sandbox started before would try to pull the image from a registry.
   */
  private void awaitImageVisibleToCri() {
    long deadline = System.nanoTime() + IMAGE_VISIBLE_TIMEOUT.toNanos();
    String seen;
    while (true) {
      try {
        Optional<String> id = CriImageStatus.imageId(sharedChannel(), image.ref(), IMAGE_STATUS_DEADLINE_MILLIS);
        if (id.isPresent() && id.get().equals(image.configDigest())) {
          return;
        }
        seen = id.map(found -> "image id " + found).orElse("no image");
      } catch (StatusRuntimeException e) {
        seen = "ImageStatus: " + e.getStatus();
      }
      if (System.nanoTime() > deadline) {
        throw ContainerdStartException.withLogTail("the CRI does not see the imported image " + image.ref()
            + " (expected id " + image.configDigest() + ", got " + seen + ") after "
            + IMAGE_VISIBLE_TIMEOUT.toSeconds() + " s", config.logFile());
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ContainerdStartException("interrupted while waiting for the image import", e);
      }
    }
  }

  // ---- close -----------------------------------------------------------------------------

  private synchronized List<String> closeAndCollectProblems() {
    if (closed) {
      return List.of();
    }
    closed = true;
    removeShutdownHook();
    return InstanceCleanup.run(config, podCgroups, containerd, this::sharedChannel, () -> {
      channels.forEach(ManagedChannel::shutdownNow);
      Optional.ofNullable(sharedChannel).ifPresent(ManagedChannel::shutdownNow);
    });
  }

  private void closeFromShutdownHook() {
    if (!closed) {
      LOG.warn("{} was not closed; cleaning up from the shutdown hook", this);
      closeAndCollectProblems().forEach(problem -> LOG.error("cleanup at exit: {}", problem));
    }
  }

  private void removeShutdownHook() {
    if (Thread.currentThread() == shutdownHook) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook will find this instance closed
    }
  }

  // ---- internals -------------------------------------------------------------------------

  private synchronized ManagedChannel sharedChannel() {
    if (sharedChannel == null) {
      sharedChannel = Grpc.newChannelBuilder(endpoint(), InsecureChannelCredentials.create()).build();
    }
    return sharedChannel;
  }

  private void appendToLog(String line) {
    try {
      Files.writeString(config.logFile(), line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.debug("cannot append to {}: {}", config.logFile(), e.toString());
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }

  /** Settings of a private containerd; {@link #start()} runs it. */
  public static final class Builder {

    private final Path workDir;
    private String imageRef = BusyboxImage.DEFAULT_REF;
    private int statsCollectPeriodSeconds = 10;
    private Duration readyTimeout = Duration.ofSeconds(20);
    private Path containerdBinary = Path.of("/usr/bin/containerd");
    private Path ctrBinary = Path.of("/usr/bin/ctr");
    private Path busyboxBinary = BusyboxImage.DEFAULT_BUSYBOX;
    private Map<String, String> environment = System.getenv();

    private Builder(Path workDir) {
      this.workDir = Objects.requireNonNull(workDir, "workDir");
    }

    /** Reference of the test image (default {@value BusyboxImage#DEFAULT_REF}). */
    public Builder imageRef(String imageRef) {
      this.imageRef = Objects.requireNonNull(imageRef, "imageRef");
      return this;
    }

    /**
     * The CRI plugin's {@code stats_collect_period} (default 10 s, whole seconds): how stale
     * {@code writable_layer} usage may be.
     */
    public Builder statsCollectPeriod(Duration period) {
      if (period.toSeconds() < 1 || period.toNanosPart() != 0) {
        throw new IllegalArgumentException("stats collect period must be a whole number of seconds >= 1: " + period);
      }
      this.statsCollectPeriodSeconds = Math.toIntExact(period.toSeconds());
      return this;
    }

    /** How long to wait for containerd to answer the CRI (default 20 s). */
    public Builder readyTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("ready timeout must be positive: " + timeout);
      }
      this.readyTimeout = timeout;
      return this;
    }

    public Builder containerdBinary(Path binary) {
      this.containerdBinary = Objects.requireNonNull(binary, "binary");
      return this;
    }

    public Builder ctrBinary(Path binary) {
      this.ctrBinary = Objects.requireNonNull(binary, "binary");
      return this;
    }

    /** A statically linked busybox to build the test image from (default {@code /bin/busybox}). */
    public Builder busyboxBinary(Path binary) {
      this.busyboxBinary = Objects.requireNonNull(binary, "binary");
      return this;
    }

    /** The environment deciding fail-or-skip in {@link #startOrAbort()} and giving PATH (default: this process's). */
    Builder environment(Map<String, String> environment) {
      this.environment = new HashMap<>(environment);
      return this;
    }

    /**
     * Starts containerd, waits until it answers the CRI and imports the test image.
     *
     * @throws ContainerdStartException if a prerequisite is missing or containerd cannot be
     *                                  brought up (the message names the cause and ends
     *                                  with containerd's log); nothing is left behind then
     * @throws IllegalArgumentException if the work directory exists and is not empty, or is
     *                                  too deep for a Unix socket path
     */
    public PrivateContainerd start() {
      String searchPath = ContainerdAvailability.searchPath(environment.get("PATH"));
      List<String> missing = ContainerdAvailability.missingPrerequisites(containerdBinary, ctrBinary, busyboxBinary,
          searchPath, ContainerdAvailability.effectiveUid());
      if (!missing.isEmpty()) {
        throw new ContainerdStartException(String.join("; ", missing)
            + " (install: " + ContainerdAvailability.INSTALL_COMMAND + ")");
      }
      Path dir = WorkDirectory.prepare(workDir);
      PrivateContainerd instance;
      try {
        ContainerdConfig config = new ContainerdConfig(dir, freeLoopbackPort(), imageRef, statsCollectPeriodSeconds);
        for (Path sub : List.of(config.cniBinDir(), config.cniConfDir(), config.optDir(), config.podLogDir())) {
          Files.createDirectories(sub);
        }
        instance = new PrivateContainerd(config,
            new ContainerdProcess(config, containerdBinary, searchPath, readyTimeout), ctrBinary,
            testImage(config.imageArchive()));
      } catch (IOException e) {
        deleteQuietly(dir);
        throw new ContainerdStartException("cannot prepare " + dir + ": " + e, e);
      } catch (RuntimeException e) {
        deleteQuietly(dir);
        throw e;
      }
      instance.startup();
      return instance;
    }

    /**
     * Like {@link #start()}, but if containerd is unavailable here (not root, binaries
     * missing, or it does not start) the calling test fails when the environment has
     * {@code CI=true} and is aborted (skipped) otherwise; either way the message names the
     * cause and the {@code apt-get} command that installs what is missing.
     */
    public PrivateContainerd startOrAbort() {
      try {
        return start();
      } catch (ContainerdStartException e) {
        throw ContainerdAvailability.failOrSkip(e.getMessage(), environment);
      }
    }

    /** The busybox image; an unusable busybox (say, not the static build) means containerd is unavailable. */
    private BusyboxImage testImage(Path archive) {
      try {
        return BusyboxImage.write(archive, imageRef, busyboxBinary);
      } catch (IllegalArgumentException e) {
        throw new ContainerdStartException("cannot build the test image: " + e.getMessage(), e);
      }
    }

    private static void deleteQuietly(Path dir) {
      try {
        WorkDirectory.deleteRecursively(dir);
      } catch (IOException | UncheckedIOException e) {
        LOG.warn("cannot delete {}: {}", dir, e.toString());
      }
    }
  }
}
