package dev.criexporter.testsupport.prometheus;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Just enough YAML writing for a Prometheus configuration: double-quoted scalars, flow lists, durations. */
final class Yaml {

  private Yaml() {
  }

  /** A double-quoted YAML scalar; control characters, quotes and backslashes escaped. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  static String list(List<String> values) {
    return values.stream().map(Yaml::quote).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A Prometheus duration: whole seconds as {@code Ns}, anything finer as {@code Nms}. */
  static String duration(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive: " + duration);
    }
    long millis = duration.toMillis();
    if (millis == 0) {
      throw new IllegalArgumentException("duration below a millisecond: " + duration);
    }
    return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
  }
}
