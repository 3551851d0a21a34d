package dev.criexporter.testsupport.tryit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What this machine has mounted, from {@code /proc/self/mountinfo}: mount points under a
 * directory (what a run may have left mounted) and the cgroup hierarchies (where its pod
 * cgroups are).
 */
final class HostState {

  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  /** One mountinfo line: mount point and filesystem type. */
  record Mount(Path mountPoint, String fsType) {
  }

  private HostState() {
  }

  static List<Mount> mounts() {
    try {
      return parseMountinfo(Files.readString(MOUNTINFO));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + MOUNTINFO, e);
    }
  }

  /** Field 5 is the mount point (octal escapes undone), the type follows the {@code -} separator. */
  static List<Mount> parseMountinfo(String text) {
    List<Mount> mounts = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] fields = line.strip().split(" ");
      int separator = List.of(fields).indexOf("-");
      if (fields.length >= 5 && separator >= 5 && separator + 1 < fields.length) {
        mounts.add(new Mount(Path.of(unescape(fields[4])), fields[separator + 1]));
      }
    }
    return mounts;
  }

  /** Mount points at or below {@code dir}. */
  static List<Path> mountPointsUnder(Path dir) {
    Path base = dir.toAbsolutePath().normalize();
    return mounts().stream().map(Mount::mountPoint).filter(m -> m.startsWith(base)).distinct().toList();
  }

  /** The mount points of cgroup v1 and v2 hierarchies. */
  static List<Path> cgroupHierarchies() {
    return mounts().stream()
        .filter(m -> m.fsType().equals("cgroup") || m.fsType().equals("cgroup2"))
        .map(Mount::mountPoint)
        .distinct()
        .toList();
  }

  /** The directories of cgroup {@code path} (such as {@code /kubepods/besteffort}) that exist, in any hierarchy. */
  static List<Path> existingCgroupDirs(String path) {
    return cgroupHierarchies().stream()
        .map(h -> h.resolve(path.substring(1)))
        .filter(Files::isDirectory)
        .toList();
  }

  static String unescape(String field) {
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
