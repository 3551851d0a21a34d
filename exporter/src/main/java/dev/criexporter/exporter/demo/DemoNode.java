package dev.criexporter.exporter.demo;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.check.CheckSettings;
import dev.criexporter.simulator.CgroupVersion;
import dev.criexporter.simulator.SimContainer;
import dev.criexporter.simulator.cri.FakeHost;
import dev.criexporter.simulator.cri.Lie;
import dev.criexporter.simulator.cri.RuntimePersonality;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded node behind {@code --demo}: a simulated runtime on a Unix socket and a cgroup v2
 * tree for the same containers, in a private temp directory, advancing every second. One
 * container's runtime lies about its memory (+10 %) and one cgroup belongs to no container, so
 * the cross-check has something to say. Needs no root, no runtime and no Linux cgroups.
 */
public final class DemoNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoNode.class);

  /** What cri_runtime_info says, so no one mistakes the demo for a real node. */
  public static final String RUNTIME_NAME = "simulated-containerd";
  public static final String RUNTIME_VERSION = "demo";

  private final Path root;
  private final FakeHost host;
  private final String liar;
  private final String ghost;

  private DemoNode(Path root, FakeHost host, String liar, String ghost) {
    this.root = root;
    this.host = host;
    this.liar = liar;
    this.ghost = ghost;
  }

  /** Starts a demo node with {@code containers} containers. */
  public static DemoNode start(int containers) {
    Path root = null;
    try {
      Path base = Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm"))
          ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
      root = Files.createTempDirectory(base, "cri-exporter-demo-");
      FakeHost host = FakeHost.builder(root).containers(containers).seed(20_260_301L)
          .personality(RuntimePersonality.CONTAINERD.withIdentity(RUNTIME_NAME, RUNTIME_VERSION))
          .cgroupVersion(CgroupVersion.V2).clock(Clock.systemUTC())
          .writeMode(dev.criexporter.simulator.CgroupTreeWriter.WriteMode.ATOMIC).start();
      SimContainer lying = host.node().containers().get(containers / 2);
      host.runtime().faults().lie(lying.id(), Lie.INFLATE_MEMORY);
      String ghost = host.cgroups().addGhost();
      host.startTicking(Duration.ofSeconds(1));
      log.info("demo node: {} simulated containers under {}; container {} ({}) is reported"
          + " with 10% more memory than its cgroup holds, and cgroup {} belongs to no container",
          containers, root, lying.name(), lying.id().substring(0, 12), ghost.substring(0, 12));
      return new DemoNode(root, host, lying.id(), ghost);
    } catch (IOException e) {
      if (root != null) {
        delete(root);
      }
      throw new UncheckedIOException("cannot start the demo node: " + e.getMessage(), e);
    }
  }

  /** How many containers {@code --demo} simulates. */
  public static final int DEFAULT_CONTAINERS = 16;

  /**
   * The exporter's configuration pointed at this node: its host root (the runtime is found by
   * probing), its cgroup v2 tree, and a ghost walk every poll so the ghost shows within two polls.
   */
  public ExporterConfig configure(ExporterConfig config) {
    CheckSettings c = config.crossCheck();
    return config.toBuilder().criEndpoint(null).hostRoot(root).cgroupRoot(host.cgroupRoot())
        .cgroupMode(CgroupMode.UNIFIED)
        .crossCheck(new CheckSettings(c.memoryBytes(), c.memoryRatio(), c.cpuSlack(),
            Duration.ZERO))
        .build();
  }

  /** The simulated host's root: the exporter's --path.hostroot. */
  public Path root() {
    return root;
  }

  /** The simulated cgroup v2 tree. */
  public Path cgroupRoot() {
    return host.cgroupRoot();
  }

  /** The container whose runtime figures are inflated. */
  public String lyingContainerId() {
    return liar;
  }

  /** The id of the cgroup no container explains. */
  public String ghostId() {
    return ghost;
  }

  @Override
  public void close() {
    host.close();
    delete(root);
  }

  private static void delete(Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      log.warn("could not remove the demo directory {}: {}", dir, e.getMessage());
    }
  }
}
