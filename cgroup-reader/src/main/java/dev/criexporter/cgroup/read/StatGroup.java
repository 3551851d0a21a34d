package dev.criexporter.cgroup.read;

/**
 * A group of statistics a caller can ask {@link CgroupReader} for; only the files of the wanted groups are read.
 * Files per group, cgroup v2 / v1:
 * <ul>
 *   <li>{@link #CPU}: {@code cpu.stat} / {@code cpuacct.usage}, {@code cpuacct.stat}, {@code cpu.stat}</li>
 *   <li>{@link #CPU_LIMITS}: {@code cpu.max}, {@code cpu.weight} / {@code cpu.cfs_quota_us},
 *       {@code cpu.cfs_period_us}, {@code cpu.shares}</li>
 *   <li>{@link #MEMORY}: {@code memory.current}, {@code memory.stat}, {@code memory.swap.current}*,
 *       {@code memory.peak}* / {@code memory.usage_in_bytes}, {@code memory.stat},
 *       {@code memory.max_usage_in_bytes}, {@code memory.memsw.usage_in_bytes}*</li>
 *   <li>{@link #MEMORY_USAGE}: the subset of {@link #MEMORY} that usage, working set and RSS come from,
 *       {@code memory.current}, {@code memory.stat} / {@code memory.usage_in_bytes}, {@code memory.stat}:
 *       for a second, cheap read of the same levels (ignored when {@link #MEMORY} is wanted too)</li>
 *   <li>{@link #MEMORY_LIMITS}: {@code memory.max}, {@code memory.low}, {@code memory.high}, {@code memory.min},
 *       {@code memory.swap.max}* / {@code memory.limit_in_bytes}, {@code memory.soft_limit_in_bytes},
 *       {@code memory.memsw.limit_in_bytes}*</li>
 *   <li>{@link #MEMORY_EVENTS}: {@code memory.events} / {@code memory.failcnt}, {@code memory.oom_control}</li>
 *   <li>{@link #PIDS}: {@code pids.current}, {@code pids.max} (both versions)</li>
 *   <li>{@link #IO}: {@code io.stat} / {@code blkio.throttle.io_service_bytes},
 *       {@code blkio.throttle.io_serviced}</li>
 *   <li>{@link #PRESSURE}: {@code cpu.pressure}*, {@code memory.pressure}*, {@code io.pressure}* from the v2
 *       hierarchy (hybrid mode: {@code <root>/unified}; none in legacy mode)</li>
 * </ul>
 * Files marked * are optional: when absent their values are simply empty.
 */
public enum StatGroup {
  CPU,
  CPU_LIMITS,
  MEMORY,
  MEMORY_USAGE,
  MEMORY_LIMITS,
  MEMORY_EVENTS,
  PIDS,
  IO,
  PRESSURE
}
