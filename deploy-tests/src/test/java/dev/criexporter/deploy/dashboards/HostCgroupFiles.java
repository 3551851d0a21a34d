package dev.criexporter.deploy.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a container's cgroup files directly from this host's /sys/fs/cgroup, independently of
 * the exporter, so that a test can tell "the kernel has nothing to show" from "the exporter or
 * the dashboard lost it". Handles the unified (v2) layout and the v1/hybrid layout (controllers
 * under their own directories, pressure files under {@code unified/}).
 */
final class HostCgroupFiles {

  static final Path ROOT = Path.of("/sys/fs/cgroup");

  private HostCgroupFiles() {
  }

  static boolean unified() {
    return Files.isRegularFile(ROOT.resolve("cgroup.controllers"));
  }

  /** The directory of {@code relative} (e.g. {@code /kubepods/burstable/pod<uid>/<id>}) for a v1 controller, or the unified one. */
  static Path dir(String controller, String relative) {
    String rel = relative.startsWith("/") ? relative.substring(1) : relative;
    return unified() ? ROOT.resolve(rel) : ROOT.resolve(controller).resolve(rel);
  }

  /** Where PSI files are: the unified hierarchy (in hybrid mode, {@code /sys/fs/cgroup/unified}). */
  static Path pressureDir(String relative) {
    String rel = relative.startsWith("/") ? relative.substring(1) : relative;
    return unified() ? ROOT.resolve(rel) : ROOT.resolve("unified").resolve(rel);
  }

  static boolean hasPressure(String relative) {
    return Files.isRegularFile(pressureDir(relative).resolve("cpu.pressure"));
  }

  /** Whether memory.stat has a {@code kernel} key (cgroup v2 since Linux 5.18). */
  static boolean hasKernelMemoryStat(String relative) {
    return lines(dir("memory", relative).resolve("memory.stat")).stream().anyMatch(l -> l.startsWith("kernel "));
  }

  /** pids.max as written ({@code max} when unlimited). */
  static String pidsMax(String relative) {
    return read(dir("pids", relative).resolve("pids.max")).strip();
  }

  /** OOM kills the kernel counted for the cgroup (v2 memory.events, v1 memory.oom_control). */
  static long oomKills(String relative) {
    Path file = unified() ? dir("memory", relative).resolve("memory.events") : dir("memory", relative).resolve("memory.oom_control");
    return lines(file).stream().filter(l -> l.startsWith("oom_kill ")).mapToLong(l -> Long.parseLong(l.split("\\s+")[1]))
        .findFirst().orElse(0);
  }

  /** Bytes of block I/O the kernel attributed to the cgroup (v2 io.stat rbytes+wbytes, v1 blkio.throttle Total). */
  static long blockIoBytes(String relative) {
    if (unified()) {
      long total = 0;
      for (String line : lines(dir("io", relative).resolve("io.stat"))) {
        for (String field : line.split("\\s+")) {
          if (field.startsWith("rbytes=") || field.startsWith("wbytes=")) {
            total += Long.parseLong(field.substring(field.indexOf('=') + 1));
          }
        }
      }
      return total;
    }
    return lines(dir("blkio", relative).resolve("blkio.throttle.io_service_bytes")).stream()
        .filter(l -> l.startsWith("Total ")).mapToLong(l -> Long.parseLong(l.split("\\s+")[1])).findFirst().orElse(0);
  }

  /**
   * On cgroup v1, makes the kernel count the container's block I/O: recent kernels only keep
   * {@code blkio.throttle.*} statistics for cgroups with a throttle rule, so this sets one far
   * above any real device (1 TiB/s) for the disk that holds {@code onDiskOf}. Returns what was
   * done, or why nothing was (v2 counts I/O without rules; a path on tmpfs or overlay has no disk).
   */
  static String enableBlockIoAccounting(String relative, Path onDiskOf) {
    if (unified()) {
      return "cgroup v2: io.stat counts without a rule";
    }
    Optional<String> disk = diskOf(onDiskOf);
    if (disk.isEmpty()) {
      return onDiskOf + " is not on a block device";
    }
    String rule = disk.get() + " " + (1L << 40) + "\n";
    Path dir = dir("blkio", relative);
    try {
      Files.writeString(dir.resolve("blkio.throttle.read_bps_device"), rule, StandardCharsets.US_ASCII);
      Files.writeString(dir.resolve("blkio.throttle.write_bps_device"), rule, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return "cannot set a throttle rule in " + dir + ": " + e;
    }
    return "throttle rule " + rule.strip() + " B/s set in " + dir;
  }

  /** The {@code major:minor} of the whole disk holding {@code path}, if it is on one. */
  static Optional<String> diskOf(Path path) {
    long dev;
    try {
      dev = ((Number) Files.getAttribute(path, "unix:dev")).longValue();
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
    long major = ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL);
    long minor = (dev & 0xffL) | ((dev >>> 12) & ~0xffL);
    Path sys = Path.of("/sys/dev/block/" + major + ":" + minor);
    if (major == 0 || !Files.isDirectory(sys)) {
      return Optional.empty();
    }
    if (Files.exists(sys.resolve("partition"))) {
      // A partition: throttle rules take the whole disk, whose sysfs directory is the parent.
      try {
        return Optional.of(Files.readString(sys.toRealPath().getParent().resolve("dev")).strip());
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return Optional.of(major + ":" + minor);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static List<String> lines(Path file) {
    return read(file).lines().toList();
  }
}
