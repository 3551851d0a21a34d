package dev.criexporter.exporter.check;

import java.time.Duration;

/**
 * Tolerances of the cross-check. CPU has no tolerance setting: its tolerance is derived from
 * the time between the runtime's sample and the cgroup read and from the container's CPU
 * allowance (see {@link CrossCheck}).
 *
 * @param memoryBytes absolute slack on memory comparisons, beyond the movement observed between
 *     the reads just before and just after the runtime's answer
 * @param memoryRatio relative slack on memory comparisons (of the larger cgroup reading)
 * @param cpuSlack CPU time added to the derived CPU tolerance to cover timer granularity
 * @param ghostScanInterval how often the cgroup tree is walked for ghost cgroups
 */
public record CheckSettings(long memoryBytes, double memoryRatio, Duration cpuSlack,
    Duration ghostScanInterval) {

  /**
   * Defaults: 1 MiB or 2 % for memory (a page cache refill or a burst of allocation between two
   * reads microseconds apart stays well inside; a runtime off by 10 % does not); 10 ms of CPU
   * time (a few scheduler ticks); a ghost scan every 30 s.
   */
  public static final CheckSettings DEFAULTS = new CheckSettings(1024 * 1024, 0.02,
      Duration.ofMillis(10), Duration.ofSeconds(30));

  public CheckSettings {
    if (memoryBytes < 0 || !(memoryRatio >= 0) || Double.isInfinite(memoryRatio)
        || cpuSlack.isNegative() || ghostScanInterval.isNegative()) {
      throw new IllegalArgumentException("--crosscheck.*: tolerances must be finite and not"
          + " negative, got memory " + memoryBytes + " bytes, ratio " + memoryRatio + ", cpu slack "
          + cpuSlack + ", ghost scan interval " + ghostScanInterval);
    }
  }
}
