package dev.criexporter.simulator;

import java.util.Objects;

/**
 * Everything a cgroup's statistics files say at one instant. Leaves (containers, pod sandboxes) are computed
 * from a {@link WorkloadProfile}; parents (pods, QoS levels, kubepods) are the {@link #plus} of their children.
 *
 * @param threads tasks in the cgroup ({@code pids.current})
 */
public record CgroupSample(
    CpuStats cpu,
    MemoryStats memory,
    IoStats io,
    long threads,
    Pressure cpuPressure,
    Pressure memoryPressure,
    Pressure ioPressure) {

  public static final CgroupSample ZERO = new CgroupSample(CpuStats.ZERO, MemoryStats.ZERO, IoStats.ZERO, 0,
      Pressure.ZERO, Pressure.ZERO, Pressure.ZERO);

  public CgroupSample {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(io, "io");
    Objects.requireNonNull(cpuPressure, "cpuPressure");
    Objects.requireNonNull(memoryPressure, "memoryPressure");
    Objects.requireNonNull(ioPressure, "ioPressure");
  }

  /** A parent's view of two children: counters and gauges add up, pressure keeps the larger stall. */
  public CgroupSample plus(CgroupSample o) {
    return new CgroupSample(cpu.plus(o.cpu), memory.plus(o.memory), io.plus(o.io), threads + o.threads,
        cpuPressure.combine(o.cpuPressure), memoryPressure.combine(o.memoryPressure),
        ioPressure.combine(o.ioPressure));
  }

  /**
   * What a removed child leaves behind in its parent: the counters (CPU time, I/O, faults, events, peak),
   * not the gauges (memory in use, tasks). The kernel keeps a dead child's counters in its ancestors.
   */
  public CgroupSample countersOnly() {
    return new CgroupSample(cpu, memory.countersOnly(), io, 0, cpuPressure.totalsOnly(),
        memoryPressure.totalsOnly(), ioPressure.totalsOnly());
  }
}
