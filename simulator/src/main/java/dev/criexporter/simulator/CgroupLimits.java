package dev.criexporter.simulator;

import java.util.OptionalLong;

/**
 * The resource settings of one cgroup, as the kubelet and the runtime write them. An empty optional means
 * "no limit" ({@code max} in v2, {@code -1} or the page-counter maximum in v1).
 *
 * @param cpuShares        v1 {@code cpu.shares} (2 … 262144); v2 {@code cpu.weight} is derived from it
 * @param cpuQuotaMicros   CFS quota per period
 * @param cpuPeriodMicros  CFS period
 * @param memoryLimitBytes hard memory limit, a multiple of the page size
 * @param pidsLimit        maximum number of tasks
 */
public record CgroupLimits(
    long cpuShares,
    OptionalLong cpuQuotaMicros,
    long cpuPeriodMicros,
    OptionalLong memoryLimitBytes,
    OptionalLong pidsLimit) {

  public static final long DEFAULT_CPU_PERIOD_MICROS = 100_000;
  /** The smallest share value the kernel accepts; the kubelet gives it to best-effort cgroups. */
  public static final long MIN_CPU_SHARES = 2;
  static final long MAX_CPU_SHARES = 262_144;

  public CgroupLimits {
    if (cpuShares < MIN_CPU_SHARES || cpuShares > MAX_CPU_SHARES) {
      throw new IllegalArgumentException("cpu shares must be in 2..262144, got " + cpuShares);
    }
    if (cpuPeriodMicros < 1_000 || cpuPeriodMicros > 1_000_000) {
      throw new IllegalArgumentException("cpu period must be in 1000..1000000 us, got " + cpuPeriodMicros);
    }
    cpuQuotaMicros.ifPresent(q -> {
      if (q < 1_000) {
        throw new IllegalArgumentException("cpu quota must be at least 1000 us, got " + q);
      }
    });
    memoryLimitBytes.ifPresent(m -> {
      if (m <= 0 || m % MemoryStats.PAGE_SIZE != 0) {
        throw new IllegalArgumentException("memory limit must be a positive multiple of 4096, got " + m);
      }
    });
    pidsLimit.ifPresent(p -> {
      if (p <= 0) {
        throw new IllegalArgumentException("pids limit must be positive, got " + p);
      }
    });
  }

  /** No quota, no memory or pids limit, the given shares. */
  public static CgroupLimits unlimited(long cpuShares) {
    return new CgroupLimits(cpuShares, OptionalLong.empty(), DEFAULT_CPU_PERIOD_MICROS,
        OptionalLong.empty(), OptionalLong.empty());
  }

  /** v2 {@code cpu.weight} for these shares, converted the way runc and the kubelet do. */
  public long cpuWeight() {
    return 1 + ((cpuShares - 2) * 9_999) / 262_142;
  }

  /** The CPU quota in cores, if any. */
  public double quotaCores() {
    return cpuQuotaMicros.isPresent() ? (double) cpuQuotaMicros.getAsLong() / cpuPeriodMicros : Double.NaN;
  }

  /**
   * v2 {@code memory.swap.max}: the kubelet asks for a swap limit equal to the memory limit, which runc turns
   * into no swap at all; unlimited containers keep {@code max}.
   */
  public OptionalLong swapLimitBytes() {
    return memoryLimitBytes.isPresent() ? OptionalLong.of(0) : OptionalLong.empty();
  }
}
