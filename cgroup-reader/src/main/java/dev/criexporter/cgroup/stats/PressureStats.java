package dev.criexporter.cgroup.stats;

import dev.criexporter.cgroup.v2.Pressure;
import java.util.Objects;
import java.util.Optional;

/**
 * Pressure stall information. Read from the cgroup v2 hierarchy (in hybrid mode from {@code <root>/unified});
 * empty where the kernel has no PSI, in legacy mode, or when the cgroup has no v2 directory.
 */
public record PressureStats(Optional<Pressure> cpu, Optional<Pressure> memory, Optional<Pressure> io) {

  /** Nothing known. */
  public static final PressureStats EMPTY = new PressureStats(Optional.empty(), Optional.empty(),
      Optional.empty());

  public PressureStats {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(io, "io");
  }
}
