package dev.criexporter.deploy.dashboards;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, found lexically: strings, label matchers, range
 * and subquery brackets, grouping clauses and numbers are removed; what remains of identifiers
 * that are neither functions (followed by a parenthesis) nor keywords are metric names.
 */
public final class PromQlNames {

  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern BRACES = Pattern.compile("\\{[^{}]*}");
  private static final Pattern BRACKETS = Pattern.compile("\\[[^\\[\\]]*]");
  private static final Pattern GROUPING = Pattern.compile(
      "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern MODIFIERS = Pattern.compile("\\b(?:offset\\s+-?[0-9a-z]+|@\\s*[0-9.]+|@\\s*(?:start|end)\\(\\))",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern TOKEN = Pattern.compile(
      "(?<![\\w:.])(?:0x[0-9a-fA-F]+|\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)|([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "by", "without", "on", "ignoring",
      "group_left", "group_right", "offset", "inf", "nan", "atan2");

  private PromQlNames() {
  }

  public static Set<String> metricNames(String expr) {
    String s = STRINGS.matcher(expr).replaceAll(" ");
    s = BRACES.matcher(s).replaceAll(" ");
    String previous;
    do {
      previous = s;
      s = BRACKETS.matcher(s).replaceAll(" ");
    } while (!s.equals(previous));
    s = GROUPING.matcher(s).replaceAll(" ");
    s = MODIFIERS.matcher(s).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = TOKEN.matcher(s);
    while (m.find()) {
      String identifier = m.group(1);
      if (identifier == null || m.group(2) != null || KEYWORDS.contains(identifier.toLowerCase(Locale.ROOT))) {
        continue;
      }
      names.add(identifier);
    }
    return names;
  }

  /**
   * Every vector selector in {@code expr} as {@code name{matchers}} (name empty for a bare
   * {@code {...}} selector), and every metric name used without braces as {@code name}.
   */
  public static Set<String> selectors(String expr) {
    String s = STRINGS.matcher(expr).replaceAll(m -> Matcher.quoteReplacement(m.group().replaceAll("[{}]", "_")));
    Set<String> selectors = new LinkedHashSet<>();
    Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*(\\{[^{}]*})").matcher(s);
    while (m.find()) {
      selectors.add((m.group(1) == null ? "" : m.group(1)) + m.group(2));
    }
    return selectors;
  }
}
