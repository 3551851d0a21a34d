package dev.criexporter.deploy.dashboards;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grafana's variable interpolation for query text: {@code $name}, {@code ${name}},
 * {@code ${name:format}} and {@code [[name]]} are replaced by the value given for {@code name}
 * (the format is ignored: values here are single, plain strings). A reference to a variable
 * without a value is an error, so a typo in a variable name cannot pass unnoticed.
 */
public final class GrafanaTemplating {

  private static final Pattern REFERENCE = Pattern.compile(
      "\\$(\\w+)|\\$\\{(\\w+)(?::[^}]*)?}|\\[\\[(\\w+)(?::[^\\]]*)?]]");

  /** Grafana's built-in variables used in queries, with the values a test evaluates them at. */
  public static final Map<String, String> BUILT_INS = Map.of(
      "__rate_interval", "1m",
      "__interval", "15s",
      "__interval_ms", "15000",
      "__range", "5m",
      "__range_s", "300",
      "__range_ms", "300000");

  private GrafanaTemplating() {
  }

  /** The variables {@code text} references, in order of first use. */
  public static Set<String> references(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = REFERENCE.matcher(text);
    while (m.find()) {
      names.add(name(m));
    }
    return names;
  }

  /**
   * {@code text} with every variable reference replaced by its value from {@code values} or
   * {@link #BUILT_INS}.
   *
   * @throws IllegalArgumentException naming a variable that has no value
   */
  public static String substitute(String text, Map<String, String> values) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = name(m);
      String value = values.containsKey(name) ? values.get(name) : BUILT_INS.get(name);
      if (value == null) {
        throw new IllegalArgumentException("no value for variable $" + name + " in: " + text);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String name(Matcher m) {
    return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
  }
}
