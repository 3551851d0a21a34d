package dev.criexporter.exporter.doctor;

import dev.criexporter.cgroup.HostCgroups;
import java.nio.file.Path;

/**
 * The cgroup driver the node's pods were actually created with, from the cgroup tree: the
 * systemd driver puts them under {@code kubepods.slice}, cgroupfs under {@code kubepods}.
 */
final class DiskDriver {
  private DiskDriver() {
  }

  static Reading read(HostFiles files, HostCgroups host) {
    Path primary = host.primaryDir();
    String shown = files.paths().shown(primary);
    boolean slice = files.isDirectory(primary.resolve("kubepods.slice"));
    boolean plain = files.isDirectory(primary.resolve("kubepods"));
    if (slice && plain) {
      return Reading.none("both " + shown + "/kubepods.slice and " + shown
          + "/kubepods exist, left over from a driver change");
    }
    if (slice) {
      return Reading.of("systemd", shown + "/kubepods.slice");
    }
    if (plain) {
      return Reading.of("cgroupfs", shown + "/kubepods");
    }
    return Reading.none("no kubepods cgroup under " + shown);
  }
}
