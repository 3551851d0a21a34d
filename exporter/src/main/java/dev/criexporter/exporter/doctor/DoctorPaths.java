package dev.criexporter.exporter.doctor;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the doctor looks.
 *
 * @param hostRoot where the host's root file system is visible ({@code /} on the node,
 *     {@code /host} in the DaemonSet pod)
 * @param cgroupRoot the cgroup root ({@code <hostRoot>/sys/fs/cgroup} unless given)
 * @param processRoot the root of this process's own view, {@code /}: kernel interface files
 *     ({@code /proc}, {@code /sys}) not visible under the host root are read here instead
 */
public record DoctorPaths(Path hostRoot, Path cgroupRoot, Path processRoot) {

  public DoctorPaths {
    Objects.requireNonNull(hostRoot, "hostRoot");
    Objects.requireNonNull(cgroupRoot, "cgroupRoot");
    Objects.requireNonNull(processRoot, "processRoot");
    if (!hostRoot.isAbsolute() || !cgroupRoot.isAbsolute() || !processRoot.isAbsolute()) {
      throw new IllegalArgumentException("doctor paths must be absolute: " + hostRoot + ", "
          + cgroupRoot + ", " + processRoot);
    }
  }

  /** The paths of a real run: the process's own view is {@code /}. */
  public static DoctorPaths of(Path hostRoot, Path cgroupRoot) {
    return new DoctorPaths(hostRoot, cgroupRoot, Path.of("/"));
  }

  /** Whether the host root is this process's own root. */
  public boolean hostIsProcessRoot() {
    return hostRoot.normalize().equals(processRoot.normalize());
  }

  /**
   * {@code path} as the host sees it, for evidence: {@code /host/proc/filesystems} is shown as
   * {@code /proc/filesystems}. Paths outside the host root are shown as they are.
   */
  public String shown(Path path) {
    Path p = path.normalize();
    Path root = hostRoot.normalize();
    if (p.startsWith(root)) {
      return "/" + root.relativize(p);
    }
    return p.toString();
  }
}
