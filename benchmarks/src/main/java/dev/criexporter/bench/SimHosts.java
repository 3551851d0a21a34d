package dev.criexporter.bench;

import dev.criexporter.simulator.CgroupTreeWriter;
import dev.criexporter.simulator.CgroupVersion;
import dev.criexporter.simulator.cri.FakeHost;
import dev.criexporter.simulator.cri.RuntimePersonality;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;

/**
 * Simulated hosts for the benchmarks: a containerd-shaped fake CRI on a Unix socket and a cgroup v2
 * tree, on tmpfs ({@code /dev/shm}) when there is one, because rewriting tens of thousands of small
 * files on a disk file system measures the disk, not the exporter.
 */
public final class SimHosts {
  private SimHosts() {
  }

  /** A fresh, empty directory for a host tree: under /dev/shm if writable, else the temp dir. */
  public static Path scratchDir(String prefix) {
    try {
      Path shm = Path.of("/dev/shm");
      if (Files.isDirectory(shm) && Files.isWritable(shm)) {
        return Files.createTempDirectory(shm, prefix);
      }
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a host with {@code containers} containers (seed 42), on the system clock, with atomic
   * file replacement so that readers never see a half-written file while it ticks.
   */
  public static FakeHost start(Path root, int containers) {
    try {
      return FakeHost.builder(root).containers(containers).seed(42)
          .personality(RuntimePersonality.CONTAINERD).cgroupVersion(CgroupVersion.V2)
          .clock(Clock.systemUTC()).writeMode(CgroupTreeWriter.WriteMode.ATOMIC).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CRI endpoint of a host, as the exporter's --cri.endpoint takes it. */
  public static String endpoint(FakeHost host) {
    return "unix://" + host.socketPath();
  }

  /** Deletes a directory tree; quietly ignores what is already gone. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
