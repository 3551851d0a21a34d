package dev.criexporter.cgroup.v1;

import dev.criexporter.cgroup.parse.FlatKeyed;
import dev.criexporter.cgroup.parse.KeyTable;
import dev.criexporter.cgroup.parse.KeyedValues;
import java.util.OptionalLong;

/**
 * cgroup v1 {@code cpuacct.stat}: user and system CPU time in {@code USER_HZ} ticks.
 *
 * <p>{@code USER_HZ} is the kernel's user-visible clock tick ({@code sysconf(_SC_CLK_TCK)}), fixed at 100 on
 * every architecture Kubernetes runs on; {@link #userNanos()} and {@link #systemNanos()} convert with
 * {@link #USER_HZ}, so their resolution is 10 ms.
 */
public record CpuacctStat(OptionalLong userTicks, OptionalLong systemTicks) {

  /** Ticks per second of the values in {@code cpuacct.stat}. */
  public static final long USER_HZ = 100;

  private static final long NANOS_PER_TICK = 1_000_000_000L / USER_HZ;
  private static final KeyTable KEYS = KeyTable.of("user", "system");

  /**
   * Parses the file's text; unknown keys are ignored.
   *
   * @throws dev.criexporter.cgroup.parse.CgroupParseException if malformed or empty
   */
  public static CpuacctStat parse(CharSequence text) {
    KeyedValues v = FlatKeyed.parseNonEmpty(text, KEYS, false, V1Files.CPUACCT_STAT);
    return new CpuacctStat(v.get(0), v.get(1));
  }

  public OptionalLong userNanos() {
    return toNanos(userTicks);
  }

  public OptionalLong systemNanos() {
    return toNanos(systemTicks);
  }

  private static OptionalLong toNanos(OptionalLong ticks) {
    return ticks.isPresent() ? OptionalLong.of(ticks.getAsLong() * NANOS_PER_TICK) : ticks;
  }
}
