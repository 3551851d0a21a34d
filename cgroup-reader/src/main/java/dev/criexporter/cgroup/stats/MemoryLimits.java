package dev.criexporter.cgroup.stats;

import dev.criexporter.cgroup.Limit;
import java.util.Objects;

/**
 * Memory limits in bytes, the same for cgroup v1 and v2. Sources, v1 / v2:
 * <ul>
 *   <li>limit: {@code memory.limit_in_bytes} / {@code memory.max};</li>
 *   <li>reservation: {@code memory.soft_limit_in_bytes} / {@code memory.low} (where runtimes put a memory
 *       reservation);</li>
 *   <li>high: absent / {@code memory.high}; min: absent / {@code memory.min};</li>
 *   <li>swapLimit (swap alone): {@code memsw.limit_in_bytes} minus limit / {@code memory.swap.max};</li>
 *   <li>memorySwapLimit (memory plus swap): {@code memory.memsw.limit_in_bytes} / {@code memory.max} plus
 *       {@code memory.swap.max}.</li>
 * </ul>
 * A sum or difference is unlimited if either side is, absent if either side is.
 */
public record MemoryLimits(Limit limit, Limit reservation, Limit high, Limit min, Limit swapLimit,
              Limit memorySwapLimit) {

  /** Nothing known. */
  public static final MemoryLimits EMPTY = new MemoryLimits(Limit.absent(), Limit.absent(), Limit.absent(),
      Limit.absent(), Limit.absent(), Limit.absent());

  public MemoryLimits {
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(reservation, "reservation");
    Objects.requireNonNull(high, "high");
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(swapLimit, "swapLimit");
    Objects.requireNonNull(memorySwapLimit, "memorySwapLimit");
  }
}
