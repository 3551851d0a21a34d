package dev.criexporter.exporter;

import java.time.Duration;

/** Go-style durations: {@code 10s}, {@code 500ms}, {@code 1m30s}, {@code 2h}. */
public final class Durations {
  private Durations() {
  }

  /**
   * @throws IllegalArgumentException with the offending text when it is not a duration
   */
  public static Duration parse(String text) {
    String s = text == null ? "" : text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration; use e.g. 10s, 500ms, 1m");
    }
    Duration total = Duration.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (start == i) {
        throw bad(text);
      }
      long n;
      try {
        n = Long.parseLong(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw bad(text);
      }
      int unitStart = i;
      while (i < s.length() && Character.isLetter(s.charAt(i))) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      try {
        Duration part = switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> throw bad(text);
        };
        total = total.plus(part);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("'" + text + "' is too long a duration");
      }
    }
    return total;
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException("'" + text
        + "' is not a duration; use e.g. 10s, 500ms, 1m30s");
  }
}
