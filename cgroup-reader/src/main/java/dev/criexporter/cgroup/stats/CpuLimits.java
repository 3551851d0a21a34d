package dev.criexporter.cgroup.stats;

import dev.criexporter.cgroup.Limit;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * CPU limits, the same for cgroup v1 and v2.
 *
 * <p>cgroup v1 has {@code cpu.shares} (2..262144), cgroup v2 {@code cpu.weight} (1..10000). Both fields are
 * filled: the native one as read, the other converted with the linear mapping container runtimes use to turn
 * shares into a weight ({@link #sharesToWeight(long)}) and its inverse ({@link #weightToShares(long)}).
 *
 * @param quotaUsec CFS quota per period in microseconds, or unlimited
 * @param periodUsec CFS period in microseconds
 * @param shares cgroup v1 shares (native on v1, converted on v2)
 * @param weight cgroup v2 weight (native on v2, converted on v1)
 */
public record CpuLimits(Limit quotaUsec, OptionalLong periodUsec, OptionalLong shares, OptionalLong weight) {

  /** Nothing known. */
  public static final CpuLimits EMPTY = new CpuLimits(Limit.absent(), OptionalLong.empty(), OptionalLong.empty(),
      OptionalLong.empty());

  public CpuLimits {
    Objects.requireNonNull(quotaUsec, "quotaUsec");
  }

  /** {@code 1 + (shares - 2) * 9999 / 262142}, with shares clamped to 2..262144. */
  public static long sharesToWeight(long shares) {
    long clamped = Math.min(Math.max(shares, 2), 262_144);
    return 1 + (clamped - 2) * 9_999 / 262_142;
  }

  /** {@code 2 + (weight - 1) * 262142 / 9999}, with weight clamped to 1..10000. */
  public static long weightToShares(long weight) {
    long clamped = Math.min(Math.max(weight, 1), 10_000);
    return 2 + (clamped - 1) * 262_142 / 9_999;
  }
}
