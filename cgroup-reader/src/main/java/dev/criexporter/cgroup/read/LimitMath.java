package dev.criexporter.cgroup.read;

import dev.criexporter.cgroup.Limit;

/** Sums and differences of limits: absent if either side is, else unlimited if either side is. */
final class LimitMath {

  private LimitMath() {
  }

  /** {@code a + b}; a sum beyond 64 unsigned bits is unlimited. */
  static Limit sum(Limit a, Limit b) {
    if (a.isAbsent() || b.isAbsent()) {
      return Limit.absent();
    }
    if (a.isUnlimited() || b.isUnlimited()) {
      return Limit.unlimited();
    }
    long sum = a.value() + b.value();
    return Long.compareUnsigned(sum, a.value()) < 0 ? Limit.unlimited() : Limit.of(sum);
  }

  /** {@code a - b}, clamped at 0. */
  static Limit difference(Limit a, Limit b) {
    if (a.isAbsent() || b.isAbsent()) {
      return Limit.absent();
    }
    if (a.isUnlimited() || b.isUnlimited()) {
      return Limit.unlimited();
    }
    return Limit.of(Long.compareUnsigned(a.value(), b.value()) > 0 ? a.value() - b.value() : 0);
  }
}
