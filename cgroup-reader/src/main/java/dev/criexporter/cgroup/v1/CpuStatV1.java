package dev.criexporter.cgroup.v1;

import dev.criexporter.cgroup.parse.FlatKeyed;
import dev.criexporter.cgroup.parse.KeyTable;
import dev.criexporter.cgroup.parse.KeyedValues;
import java.util.OptionalLong;

/**
 * cgroup v1 {@code cpu.stat} (CFS bandwidth): times in nanoseconds. The burst fields exist on kernels 5.14 and
 * later.
 */
public record CpuStatV1(OptionalLong nrPeriods, OptionalLong nrThrottled, OptionalLong throttledTimeNanos,
            OptionalLong nrBursts, OptionalLong burstTimeNanos) {

  private static final KeyTable KEYS = KeyTable.of("nr_periods", "nr_throttled", "throttled_time", "nr_bursts",
      "burst_time");

  /**
   * Parses the file's text; unknown keys are ignored.
   *
   * @throws dev.criexporter.cgroup.parse.CgroupParseException if malformed or empty
   */
  public static CpuStatV1 parse(CharSequence text) {
    KeyedValues v = FlatKeyed.parseNonEmpty(text, KEYS, false, V1Files.CPU_STAT);
    return new CpuStatV1(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4));
  }
}
