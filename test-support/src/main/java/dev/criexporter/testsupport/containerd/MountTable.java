package dev.criexporter.testsupport.containerd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The mounts of this process's mount namespace, in the order {@code /proc/self/mountinfo} lists them. */
record MountTable(List<Mount> mounts) {

  static final Path SELF_MOUNTINFO = Path.of("/proc/self/mountinfo");

  /** One line of mountinfo: the mount point and the filesystem type. */
  record Mount(Path mountPoint, String fsType) {
  }

  MountTable {
    mounts = List.copyOf(mounts);
  }

  static MountTable read() {
    try {
      return parse(Files.readString(SELF_MOUNTINFO));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SELF_MOUNTINFO, e);
    }
  }

  /**
   * Parses mountinfo text (proc(5)): field 5 is the mount point, and the filesystem type is
   * the first field after the {@code -} separator.
   */
  static MountTable parse(String mountinfo) {
    List<Mount> mounts = new ArrayList<>();
    for (String line : mountinfo.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(" ");
      int separator = List.of(fields).indexOf("-");
      if (fields.length < 5 || separator < 5 || separator + 1 >= fields.length) {
        throw new IllegalArgumentException("malformed mountinfo line: " + line);
      }
      mounts.add(new Mount(Path.of(unescape(fields[4])), fields[separator + 1]));
    }
    return new MountTable(mounts);
  }

  /**
   * Mount points at or below {@code directory}, most recent first: the order in which they can
   * be unmounted (a mount stacked on or nested in another one comes after it in mountinfo).
   */
  List<Path> mountPointsUnder(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    List<Path> under = new ArrayList<>();
    for (int i = mounts.size() - 1; i >= 0; i--) {
      Path mountPoint = mounts.get(i).mountPoint();
      if (mountPoint.startsWith(dir)) {
        under.add(mountPoint);
      }
    }
    return under;
  }

  /** Mount points of cgroup v1 and v2 hierarchies. */
  List<Path> cgroupHierarchies() {
    return mounts.stream()
        .filter(m -> m.fsType().equals("cgroup") || m.fsType().equals("cgroup2"))
        .map(Mount::mountPoint)
        .distinct()
        .toList();
  }

  /** Undoes mountinfo's octal escapes ({@code \040} for a space, {@code \134} for a backslash, ...). */
  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }
}
