package dev.criexporter.cgroup.v2;

import dev.criexporter.cgroup.parse.FlatKeyed;
import dev.criexporter.cgroup.parse.KeyTable;
import dev.criexporter.cgroup.parse.KeyedValues;
import java.util.OptionalLong;

/**
 * cgroup v2 {@code cpu.stat}. Times are in microseconds; each field is empty when the kernel does not write it
 * (the throttling and burst fields appear only where the cpu controller is enabled).
 */
public record CpuStatV2(OptionalLong usageUsec, OptionalLong userUsec, OptionalLong systemUsec,
            OptionalLong nrPeriods, OptionalLong nrThrottled, OptionalLong throttledUsec,
            OptionalLong nrBursts, OptionalLong burstUsec) {

  private static final KeyTable KEYS = KeyTable.of("usage_usec", "user_usec", "system_usec", "nr_periods",
      "nr_throttled", "throttled_usec", "nr_bursts", "burst_usec");

  /**
   * Parses the file's text; unknown keys are ignored.
   *
   * @throws dev.criexporter.cgroup.parse.CgroupParseException if malformed or empty
   */
  public static CpuStatV2 parse(CharSequence text) {
    KeyedValues v = FlatKeyed.parseNonEmpty(text, KEYS, false, V2Files.CPU_STAT);
    return new CpuStatV2(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), v.get(7));
  }
}
