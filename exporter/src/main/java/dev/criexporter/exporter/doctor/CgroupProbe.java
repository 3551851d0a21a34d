package dev.criexporter.exporter.doctor;

import dev.criexporter.cgroup.CgroupDetectionException;
import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cgroup.HostCgroups;
import dev.criexporter.cgroup.V1Controller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Establishes the cgroup mode of the cgroup root: by {@code statfs} of the real mounts first;
 * when that cannot tell (the root is not a mount, e.g. a copied tree), by its files: a
 * {@code cgroup.controllers} file at the root means cgroup v2, v1 controller directories with a
 * {@code unified/cgroup.controllers} mean hybrid, without it legacy v1.
 */
public final class CgroupProbe {
  private CgroupProbe() {
  }

  /** The layout of {@code cgroupRoot}; never throws. */
  public static CgroupFacts probe(Path cgroupRoot) {
    String statfsProblem;
    try {
      return CgroupFacts.found(HostCgroups.detect(cgroupRoot), "statfs");
    } catch (CgroupDetectionException | RuntimeException | LinkageError e) {
      statfsProblem = e.getMessage();
    }
    if (!Files.isDirectory(cgroupRoot)) {
      return CgroupFacts.unusable("not a directory");
    }
    try {
      CgroupMode mode = modeFromFiles(cgroupRoot);
      if (mode == null) {
        return CgroupFacts.unusable(statfsProblem == null ? "no cgroup hierarchy" : statfsProblem);
      }
      return CgroupFacts.found(HostCgroups.of(cgroupRoot, mode), "files");
    } catch (RuntimeException e) {
      return CgroupFacts.unusable(e.getMessage());
    }
  }

  /** The mode the directory tree looks like, or null when it looks like no cgroup hierarchy. */
  static CgroupMode modeFromFiles(Path root) {
    if (Files.isRegularFile(root.resolve("cgroup.controllers"))) {
      return CgroupMode.UNIFIED;
    }
    if (!hasV1Controller(root)) {
      return null;
    }
    return Files.isRegularFile(root.resolve(HostCgroups.UNIFIED_DIR_NAME)
        .resolve("cgroup.controllers")) ? CgroupMode.HYBRID : CgroupMode.LEGACY;
  }

  private static boolean hasV1Controller(Path root) {
    try (Stream<Path> entries = Files.list(root)) {
      List<String> names = entries.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString()).toList();
      for (V1Controller c : V1Controller.values()) {
        for (String name : names) {
          if (List.of(name.split(",")).contains(c.kernelName())) {
            return true;
          }
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
