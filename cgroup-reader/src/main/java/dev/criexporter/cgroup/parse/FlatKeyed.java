package dev.criexporter.cgroup.parse;

/**
 * Parses the kernel's flat-keyed format: one {@code key value} pair per line, the value an unsigned decimal
 * ({@code cpu.stat}, {@code memory.stat}, {@code memory.events}, {@code cpuacct.stat}, ...).
 */
public final class FlatKeyed {

  private FlatKeyed() {
  }

  /**
   * Parses {@code text}. Values of known keys must be unsigned decimals. Unknown keys are kept when
   * {@code keepUnknown} and their value is an unsigned decimal, else ignored. Blank lines are skipped; empty text
   * gives empty values.
   *
   * @throws CgroupParseException on a line that is not exactly two fields, or a known key with a bad value
   */
  public static KeyedValues parse(CharSequence text, KeyTable keys, boolean keepUnknown, String file) {
    KeyedValues.Builder builder = new KeyedValues.Builder(keys);
    int len = text.length();
    int pos = 0;
    int lineNo = 0;
    while (pos < len) {
      int eol = Text.lineEnd(text, pos);
      lineNo++;
      int keyStart = Text.skipBlank(text, pos, eol);
      if (keyStart < eol) {
        int keyEnd = Text.tokenEnd(text, keyStart, eol);
        int valueStart = Text.skipBlank(text, keyEnd, eol);
        if (valueStart == eol) {
          throw new CgroupParseException(file, "line " + lineNo + ": key "
              + Text.snippet(text, keyStart, keyEnd) + " has no value");
        }
        int valueEnd = Text.tokenEnd(text, valueStart, eol);
        if (Text.skipBlank(text, valueEnd, eol) != eol) {
          throw new CgroupParseException(file, "line " + lineNo + ": expected 'key value', found "
              + Text.snippet(text, keyStart, eol));
        }
        int index = keys.indexOf(text, keyStart, keyEnd);
        if (index >= 0) {
          builder.put(index, parseValue(text, valueStart, valueEnd, file, lineNo));
        } else if (keepUnknown && Numbers.isUnsigned(text, valueStart, valueEnd)) {
          builder.putExtra(text.subSequence(keyStart, keyEnd).toString(),
              Numbers.parseUnsigned(text, valueStart, valueEnd, file));
        }
      }
      pos = eol + 1;
    }
    return builder.build();
  }

  /**
   * Like {@link #parse} but rejects text without any known or kept key, for files the kernel never leaves
   * empty.
   */
  public static KeyedValues parseNonEmpty(CharSequence text, KeyTable keys, boolean keepUnknown, String file) {
    KeyedValues values = parse(text, keys, keepUnknown, file);
    if (values.isEmpty()) {
      throw new CgroupParseException(file, Text.isBlankText(text) ? "empty" : "no known key");
    }
    return values;
  }

  private static long parseValue(CharSequence text, int start, int end, String file, int lineNo) {
    if (!Numbers.isUnsigned(text, start, end)) {
      throw new CgroupParseException(file, "line " + lineNo + ": not an unsigned number: "
          + Text.snippet(text, start, end));
    }
    return Numbers.parseUnsigned(text, start, end, file);
  }
}
