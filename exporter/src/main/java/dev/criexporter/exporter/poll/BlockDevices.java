package dev.criexporter.exporter.poll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Names block devices from their {@code major:minor} numbers through sysfs
 * ({@code /sys/dev/block/<major>:<minor>/uevent}, {@code DEVNAME=}), the way cAdvisor labels
 * {@code device} ({@code /dev/sda}). Unknown numbers keep their {@code major:minor} form. Names
 * are cached; a number that could not be named is retried at most once a minute.
 */
public final class BlockDevices {
  private static final long RETRY_NANOS = 60_000_000_000L;
  private final Path sysDevBlock;
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, Long> failedAt = new HashMap<>();

  /** @param sysRoot the sysfs root, e.g. {@code /sys} or {@code /host/sys} */
  public BlockDevices(Path sysRoot) {
    this.sysDevBlock = sysRoot.resolve("dev/block");
  }

  /** The device name for {@code major:minor}, e.g. {@code /dev/sda}. */
  public String name(String majorMinor) {
    String n = names.get(majorMinor);
    if (n != null) {
      return n;
    }
    Long failed = failedAt.get(majorMinor);
    long now = System.nanoTime();
    if (failed != null && now - failed < RETRY_NANOS) {
      return majorMinor;
    }
    try {
      for (String line : Files.readAllLines(sysDevBlock.resolve(majorMinor).resolve("uevent"))) {
        if (line.startsWith("DEVNAME=")) {
          String name = "/dev/" + line.substring("DEVNAME=".length()).trim();
          names.put(majorMinor, name);
          failedAt.remove(majorMinor);
          return name;
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through: keep the numbers
    }
    failedAt.put(majorMinor, now);
    if (failedAt.size() > 4096) {
      failedAt.clear();
    }
    return majorMinor;
  }
}
