package dev.criexporter.exporter.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a simulated host's files go: on tmpfs when there is one, because writing the cgroup
 * trees of hundreds of containers, over and over under churn, costs seconds on a disk.
 */
final class HostRoots {
  private HostRoots() {
  }

  /** A new directory under /dev/shm, or {@code fallback} when there is no writable tmpfs. */
  static Path create(Path fallback) throws IOException {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? Files.createTempDirectory(shm, "cri-exporter-faults-") : fallback;
  }

  /** Deletes a directory made by {@link #create} (the fallback is left to its owner). */
  static void delete(Path root, Path fallback) throws IOException {
    if (root == null || root.equals(fallback)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
