package dev.criexporter.exporter.metrics;

/** Conversions shared by collectors. */
public final class Values {
  private Values() {
  }

  /** An unsigned 64-bit value (as protobuf's uint64 arrives in Java) as a double. */
  public static double unsigned(long v) {
    return v >= 0 ? v : ((v >>> 1) * 2.0) + (v & 1);
  }

  /** Nanoseconds (unsigned) to seconds. */
  public static double nanosToSeconds(long nanos) {
    return unsigned(nanos) / 1e9;
  }
}
