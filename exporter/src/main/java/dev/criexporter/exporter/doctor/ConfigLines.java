package dev.criexporter.exporter.doctor;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads single {@code key = value} settings out of TOML-style configuration text (CRI-O's
 * {@code crio.conf}, {@code containers/storage.conf}) without a TOML parser: the last
 * uncommented assignment of the key wins, quotes are removed. Tables are not told apart, which
 * is enough for the few unique keys the doctor needs.
 */
final class ConfigLines {
  private ConfigLines() {
  }

  /** The value of the last {@code key = value} line, if any. */
  static Optional<String> value(String text, String key) {
    Pattern p = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*=\\s*(.*?)\\s*$");
    String found = null;
    for (String line : text.split("\n", -1)) {
      Matcher m = p.matcher(stripComment(line));
      if (m.matches()) {
        found = unquote(m.group(1));
      }
    }
    return Optional.ofNullable(found);
  }

  private static String stripComment(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"' || c == '\'') {
        quoted = !quoted;
      } else if (c == '#' && !quoted) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  private static String unquote(String v) {
    String s = v.strip();
    if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'')
        && s.charAt(s.length() - 1) == s.charAt(0)) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }
}
