package dev.criexporter.deploy.rules;

import dev.criexporter.deploy.dashboards.RepoFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The alert rule file and its promtool unit tests, read as plain YAML. */
final class RuleFiles {

  /** An alerting rule: name, expression, {@code for}, labels and annotations. */
  record AlertRule(String group, String name, String expr, String forDuration, Map<String, String> labels,
           Map<String, String> annotations) {
  }

  /** One {@code alert_rule_test} entry of a unit-test file: expected alerts empty means "stays quiet". */
  record AlertCase(Path file, String testName, String alertName, String evalTime, List<Map<String, Object>> expectedAlerts) {

    boolean fires() {
      return !expectedAlerts.isEmpty();
    }
  }

  private RuleFiles() {
  }

  static List<AlertRule> alertRules() {
    Map<String, Object> root = yamlMap(RepoFiles.ruleFile());
    List<AlertRule> rules = new ArrayList<>();
    for (Object g : list(root.get("groups"))) {
      Map<String, Object> group = map(g);
      for (Object r : list(group.get("rules"))) {
        Map<String, Object> rule = map(r);
        if (rule.containsKey("alert")) {
          rules.add(new AlertRule(string(group.get("name")), string(rule.get("alert")), string(rule.get("expr")),
              string(rule.get("for")), strings(rule.get("labels")), strings(rule.get("annotations"))));
        }
      }
    }
    return rules;
  }

  static List<AlertCase> alertCases() {
    List<AlertCase> cases = new ArrayList<>();
    for (Path file : RepoFiles.ruleTestFiles()) {
      Map<String, Object> root = yamlMap(file);
      for (Object t : list(root.get("tests"))) {
        Map<String, Object> test = map(t);
        for (Object c : list(test.get("alert_rule_test"))) {
          Map<String, Object> entry = map(c);
          List<Map<String, Object>> expected = new ArrayList<>();
          for (Object a : list(entry.get("exp_alerts"))) {
            expected.add(map(a));
          }
          cases.add(new AlertCase(file, string(test.get("name")), string(entry.get("alertname")),
              string(entry.get("eval_time")), expected));
        }
      }
    }
    return cases;
  }

  /** The rule files a unit-test file loads, resolved against the test file's directory. */
  static List<Path> ruleFilesOf(Path testFile) {
    List<Path> files = new ArrayList<>();
    for (Object f : list(yamlMap(testFile).get("rule_files"))) {
      files.add(testFile.getParent().resolve(string(f)).normalize());
    }
    return files;
  }

  static Map<String, Object> yamlMap(Path file) {
    Object loaded = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(RepoFiles.read(file));
    return map(loaded);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    if (o == null) {
      return Map.of();
    }
    if (!(o instanceof Map)) {
      throw new IllegalStateException("expected a mapping, got " + o);
    }
    return (Map<String, Object>) o;
  }

  static List<?> list(Object o) {
    if (o == null) {
      return List.of();
    }
    if (!(o instanceof List<?> l)) {
      throw new IllegalStateException("expected a sequence, got " + o);
    }
    return l;
  }

  static Map<String, String> strings(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    map(o).forEach((k, v) -> out.put(k, string(v)));
    return out;
  }

  static String string(Object o) {
    return o == null ? "" : o.toString();
  }
}
