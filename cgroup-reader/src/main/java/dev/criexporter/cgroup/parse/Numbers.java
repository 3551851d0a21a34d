package dev.criexporter.cgroup.parse;

import dev.criexporter.cgroup.Unsigned;

/** Decimal number parsing over a {@link CharSequence} region, without allocation on the success path. */
public final class Numbers {

  private static final long UNSIGNED_MAX_DIV_10 = Long.divideUnsigned(-1L, 10);
  private static final long UNSIGNED_MAX_MOD_10 = Long.remainderUnsigned(-1L, 10);

  private Numbers() {
  }

  /** Whether {@code [start, end)} is a decimal number that fits in 64 unsigned bits. */
  public static boolean isUnsigned(CharSequence text, int start, int end) {
    if (start >= end) {
      return false;
    }
    long result = 0;
    for (int i = start; i < end; i++) {
      int d = text.charAt(i) - '0';
      if (d < 0 || d > 9 || overflows(result, d)) {
        return false;
      }
      result = result * 10 + d;
    }
    return true;
  }

  /**
   * Parses {@code [start, end)} as an unsigned 64-bit decimal; values at or above 2^63 come back negative (read
   * them with {@link Long#toUnsignedString(long)}).
   *
   * @throws CgroupParseException if the region is empty, holds a non-digit, or exceeds 2^64-1
   */
  public static long parseUnsigned(CharSequence text, int start, int end, String file) {
    if (start >= end) {
      throw new CgroupParseException(file, "expected a number, found nothing");
    }
    long result = 0;
    for (int i = start; i < end; i++) {
      int d = text.charAt(i) - '0';
      if (d < 0 || d > 9) {
        throw new CgroupParseException(file, "not an unsigned number: " + Text.snippet(text, start, end));
      }
      if (overflows(result, d)) {
        throw new CgroupParseException(file, "number exceeds 64 bits: " + Text.snippet(text, start, end));
      }
      result = result * 10 + d;
    }
    return result;
  }

  /**
   * Parses {@code [start, end)} as a signed 64-bit decimal with an optional leading {@code '-'}.
   *
   * @throws CgroupParseException if malformed or out of range
   */
  public static long parseSigned(CharSequence text, int start, int end, String file) {
    boolean negative = start < end && text.charAt(start) == '-';
    int digits = negative ? start + 1 : start;
    long magnitude = parseUnsigned(text, digits, end, file);
    if (negative) {
      if (Long.compareUnsigned(magnitude, Long.MIN_VALUE) > 0) {
        throw new CgroupParseException(file, "number below -2^63: " + Text.snippet(text, start, end));
      }
      return -magnitude;
    }
    if (magnitude < 0) {
      throw new CgroupParseException(file, "number above 2^63-1: " + Text.snippet(text, start, end));
    }
    return magnitude;
  }

  /**
   * Parses {@code [start, end)} as a non-negative decimal fraction such as {@code 12.34} or {@code 7}.
   *
   * @throws CgroupParseException if malformed
   */
  public static double parseDecimal(CharSequence text, int start, int end, String file) {
    int dot = Text.indexOf(text, '.', start, end);
    if (dot < 0) {
      return Unsigned.toDouble(parseUnsigned(text, start, end, file));
    }
    if (dot == start || dot == end - 1 || end - dot - 1 > 18) {
      throw new CgroupParseException(file, "not a decimal number: " + Text.snippet(text, start, end));
    }
    double whole = Unsigned.toDouble(parseUnsigned(text, start, dot, file));
    long fraction = parseUnsigned(text, dot + 1, end, file);
    return whole + fraction / Math.pow(10, end - dot - 1);
  }

  /**
   * Parses a {@code MAJOR:MINOR} device number pair in {@code [start, end)}.
   *
   * @return {@code major << 32 | minor}
   * @throws CgroupParseException if malformed
   */
  public static long parseDevice(CharSequence text, int start, int end, String file) {
    int colon = Text.indexOf(text, ':', start, end);
    if (colon < 0) {
      throw new CgroupParseException(file, "expected MAJOR:MINOR, found " + Text.snippet(text, start, end));
    }
    long major = parseUnsigned(text, start, colon, file);
    long minor = parseUnsigned(text, colon + 1, end, file);
    if (major < 0 || major > 0xFFFF_FFFFL || minor < 0 || minor > 0xFFFF_FFFFL) {
      throw new CgroupParseException(file, "device number out of range: " + Text.snippet(text, start, end));
    }
    return major << 32 | minor;
  }

  private static boolean overflows(long result, int digit) {
    int cmp = Long.compareUnsigned(result, UNSIGNED_MAX_DIV_10);
    return cmp > 0 || (cmp == 0 && digit > UNSIGNED_MAX_MOD_10);
  }
}
