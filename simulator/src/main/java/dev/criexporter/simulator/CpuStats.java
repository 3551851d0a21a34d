package dev.criexporter.simulator;

/**
 * CPU counters of one cgroup. Times are whole microseconds expressed in nanoseconds, so that v2's
 * {@code usage_usec} times 1000 and v1's {@code cpuacct.usage} give the same number.
 *
 * @param userNanos         time in user mode
 * @param systemNanos       time in kernel mode
 * @param periods           CFS periods in which the cgroup was runnable ({@code nr_periods})
 * @param throttledPeriods  periods in which it hit its quota ({@code nr_throttled})
 * @param throttledNanos    total time throttled
 */
public record CpuStats(long userNanos, long systemNanos, long periods, long throttledPeriods, long throttledNanos) {

  public static final CpuStats ZERO = new CpuStats(0, 0, 0, 0, 0);

  /** Total CPU time: v1 {@code cpuacct.usage}, v2 {@code usage_usec} × 1000, CRI {@code usage_core_nano_seconds}. */
  public long usageNanos() {
    return userNanos + systemNanos;
  }

  public CpuStats plus(CpuStats o) {
    return new CpuStats(userNanos + o.userNanos, systemNanos + o.systemNanos, periods + o.periods,
        throttledPeriods + o.throttledPeriods, throttledNanos + o.throttledNanos);
  }
}
