package dev.criexporter.cgroup.parse;

import dev.criexporter.cgroup.Limit;

/** Parses files holding one value on one line, such as {@code memory.current} or {@code pids.max}. */
public final class SingleValue {

  /** The keyword cgroup v2 (and v1 {@code pids.max}) writes for "no limit". */
  public static final String MAX = "max";

  private SingleValue() {
  }

  /**
   * An unsigned 64-bit decimal.
   *
   * @throws CgroupParseException if the text is empty, holds more than one field, or is not a number
   */
  public static long parseUnsigned(CharSequence text, String file) {
    long span = span(text, file);
    return Numbers.parseUnsigned(text, (int) (span >>> 32), (int) span, file);
  }

  /**
   * A signed 64-bit decimal.
   *
   * @throws CgroupParseException if the text is empty, holds more than one field, or is not a number
   */
  public static long parseSigned(CharSequence text, String file) {
    long span = span(text, file);
    return Numbers.parseSigned(text, (int) (span >>> 32), (int) span, file);
  }

  /**
   * {@code max} as {@link Limit#unlimited()}, else an unsigned decimal as a finite limit.
   *
   * @throws CgroupParseException if the text is neither
   */
  public static Limit parseMaxOrUnsigned(CharSequence text, String file) {
    long span = span(text, file);
    int start = (int) (span >>> 32);
    int end = (int) span;
    if (Text.regionEquals(text, start, end, MAX)) {
      return Limit.unlimited();
    }
    return Limit.of(Numbers.parseUnsigned(text, start, end, file));
  }

  /**
   * The single field's {@code [start, end)}, packed as {@code start << 32 | end}: the text must be one token,
   * optionally surrounded by blanks and followed by newlines.
   */
  static long span(CharSequence text, String file) {
    int len = text.length();
    int end = len;
    while (end > 0 && (Text.isBlank(text.charAt(end - 1)) || text.charAt(end - 1) == '\n')) {
      end--;
    }
    int start = Text.skipBlank(text, 0, end);
    if (start == end) {
      throw new CgroupParseException(file, "empty");
    }
    if (Text.tokenEnd(text, start, end) != end || Text.indexOf(text, '\n', start, end) >= 0) {
      throw new CgroupParseException(file, "expected a single value, found " + Text.snippet(text, start, end));
    }
    return (long) start << 32 | end;
  }
}
