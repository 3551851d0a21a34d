package dev.criexporter.cgroup.stats;

import java.util.List;
import java.util.Objects;

/**
 * Everything read for one cgroup, independent of the cgroup version. A group that was not asked for is its
 * {@code EMPTY} value (the I/O list is empty); a field whose file was absent or failed is empty.
 */
public record CgroupStats(CpuStats cpu, CpuLimits cpuLimits, MemoryStats memory, MemoryLimits memoryLimits,
             MemoryEvents memoryEvents, PidsStats pids, List<IoDeviceStats> io,
             PressureStats pressure) {

  /** Nothing read. */
  public static final CgroupStats EMPTY = new CgroupStats(CpuStats.EMPTY, CpuLimits.EMPTY, MemoryStats.EMPTY,
      MemoryLimits.EMPTY, MemoryEvents.EMPTY, PidsStats.EMPTY, List.of(), PressureStats.EMPTY);

  public CgroupStats {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(cpuLimits, "cpuLimits");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(memoryLimits, "memoryLimits");
    Objects.requireNonNull(memoryEvents, "memoryEvents");
    Objects.requireNonNull(pids, "pids");
    io = List.copyOf(io);
    Objects.requireNonNull(pressure, "pressure");
  }
}
