package dev.criexporter.cgroup;

/** Conversions for kernel counters that are unsigned 64-bit values held in a {@code long}. */
public final class Unsigned {

  private static final double TWO_POW_64 = 0x1p64;

  private Unsigned() {
  }

  /** The unsigned value of {@code value} as a double (values at or above 2^63 stay positive). */
  public static double toDouble(long value) {
    double d = (double) value;
    return value >= 0 ? d : d + TWO_POW_64;
  }
}
