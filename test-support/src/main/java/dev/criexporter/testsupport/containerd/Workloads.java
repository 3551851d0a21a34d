package dev.criexporter.testsupport.containerd;

import java.time.Duration;

/** Ready-made containers for the busybox test image, with known and measurable behaviour. */
public final class Workloads {

  /** CFS quota and period of {@link #cpuBurner(String)}: half a core. */
  public static final long BURNER_CPU_QUOTA_MICROS = 50_000;
  public static final long BURNER_CPU_PERIOD_MICROS = 100_000;

  /** What {@link #memoryHolder(String)} writes to {@code /dev/shm} (shmem, stays in the working set). */
  public static final long HOLDER_SHM_BYTES = 50L * 1024 * 1024;
  /** What {@link #memoryHolder(String)} writes to {@code /tmp} (page cache of the writable layer). */
  public static final long HOLDER_TMP_BYTES = 20L * 1024 * 1024;
  /** Memory limit of {@link #memoryHolder(String)}: room for both files and the shell. */
  public static final long HOLDER_MEMORY_LIMIT_BYTES = 256L * 1024 * 1024;

  private Workloads() {
  }

  /** Spins a shell loop, throttled to half a core (50000/100000): CPU usage and throttling grow steadily. */
  public static ContainerSpec cpuBurner(String name) {
    return ContainerSpec.builder(name)
        .command("/bin/sh", "-c", "while :; do :; done")
        .cpuQuota(BURNER_CPU_QUOTA_MICROS, BURNER_CPU_PERIOD_MICROS)
        .build();
  }

  /**
   * Writes {@value #HOLDER_SHM_BYTES} bytes to {@code /dev/shm} and {@value #HOLDER_TMP_BYTES}
   * bytes to {@code /tmp}, then sleeps, holding them; limited to {@value #HOLDER_MEMORY_LIMIT_BYTES} bytes.
   */
  public static ContainerSpec memoryHolder(String name) {
    String script = "dd if=/dev/zero of=/dev/shm/held bs=1048576 count=" + HOLDER_SHM_BYTES / 1048576
        + " && dd if=/dev/zero of=/tmp/held bs=1048576 count=" + HOLDER_TMP_BYTES / 1048576
        + " && exec sleep 2147483647";
    return ContainerSpec.builder(name)
        .command("/bin/sh", "-c", script)
        .memoryLimitBytes(HOLDER_MEMORY_LIMIT_BYTES)
        .build();
  }

  /** Sleeps forever using (almost) nothing. */
  public static ContainerSpec idleSleeper(String name) {
    return ContainerSpec.builder(name)
        .command("/bin/sleep", "2147483647")
        .build();
  }

  /**
   * Runs for {@code after} (whole seconds, at least 1) and exits with {@code exitCode}: one
   * round of a crash loop. Re-add it with {@link TestPods#addContainer} to simulate kubelet's
   * restart (the attempt number goes up).
   */
  public static ContainerSpec exitsAfter(String name, Duration after, int exitCode) {
    if (after.toSeconds() < 1) {
      throw new IllegalArgumentException("run time must be at least 1 s: " + after);
    }
    if (exitCode < 0 || exitCode > 255) {
      throw new IllegalArgumentException("exit code must be within 0..255: " + exitCode);
    }
    return ContainerSpec.builder(name)
        .command("/bin/sh", "-c", "sleep " + after.toSeconds() + "; exit " + exitCode)
        .build();
  }
}
