package dev.criexporter.cgroup.parse;

/**
 * Scanning functions over a {@link CharSequence} that allocate nothing on the success path. Fields are separated by
 * spaces or tabs, records by {@code '\n'}.
 */
public final class Text {

  private static final int SNIPPET_MAX = 40;

  private Text() {
  }

  /** Index of the next {@code '\n'} at or after {@code from}, or {@code text.length()}. */
  public static int lineEnd(CharSequence text, int from) {
    int len = text.length();
    for (int i = from; i < len; i++) {
      if (text.charAt(i) == '\n') {
        return i;
      }
    }
    return len;
  }

  /** First index in {@code [from, end)} that is not a blank (space, tab, carriage return), or {@code end}. */
  public static int skipBlank(CharSequence text, int from, int end) {
    int i = from;
    while (i < end && isBlank(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** First index in {@code [from, end)} that is a blank, or {@code end}. */
  public static int tokenEnd(CharSequence text, int from, int end) {
    int i = from;
    while (i < end && !isBlank(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Index of {@code c} in {@code [from, end)}, or -1. */
  public static int indexOf(CharSequence text, char c, int from, int end) {
    for (int i = from; i < end; i++) {
      if (text.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code [start, end)} equals {@code expected}. */
  public static boolean regionEquals(CharSequence text, int start, int end, String expected) {
    int n = end - start;
    if (n != expected.length()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (text.charAt(start + i) != expected.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the text holds only blanks and newlines. */
  public static boolean isBlankText(CharSequence text) {
    return isBlankRegion(text, 0, text.length());
  }

  /** Whether {@code [from, end)} holds only blanks and newlines. */
  public static boolean isBlankRegion(CharSequence text, int from, int end) {
    for (int i = from; i < end; i++) {
      char c = text.charAt(i);
      if (!isBlank(c) && c != '\n') {
        return false;
      }
    }
    return true;
  }

  /** A short, printable copy of {@code [start, end)} for error messages (allocates; use on failure only). */
  public static String snippet(CharSequence text, int start, int end) {
    int stop = Math.min(end, start + SNIPPET_MAX);
    StringBuilder sb = new StringBuilder(stop - start + 5).append('\'');
    for (int i = start; i < stop; i++) {
      char c = text.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (stop < end) {
      sb.append("...");
    }
    return sb.append('\'').toString();
  }

  static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
  }
}
