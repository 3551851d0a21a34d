package dev.criexporter.cgroup.stats;

import java.util.OptionalLong;

/**
 * CPU accounting, the same for cgroup v1 and v2. Times are nanoseconds (cgroup v2 microseconds are scaled;
 * cgroup v1 user/system come from {@code USER_HZ} ticks, so have 10 ms resolution). An empty field was not
 * available.
 *
 * @param usageNanos total CPU time
 * @param userNanos CPU time in user mode
 * @param systemNanos CPU time in kernel mode
 * @param periods CFS enforcement periods elapsed
 * @param throttledPeriods periods in which the cgroup was throttled
 * @param throttledNanos total time throttled
 * @param bursts periods in which the cgroup used burst capacity
 * @param burstNanos total time spent bursting
 */
public record CpuStats(OptionalLong usageNanos, OptionalLong userNanos, OptionalLong systemNanos,
            OptionalLong periods, OptionalLong throttledPeriods, OptionalLong throttledNanos,
            OptionalLong bursts, OptionalLong burstNanos) {

  /** All fields empty. */
  public static final CpuStats EMPTY = new CpuStats(OptionalLong.empty(), OptionalLong.empty(),
      OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
      OptionalLong.empty(), OptionalLong.empty());
}
