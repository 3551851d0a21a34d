package dev.criexporter.deploy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.deploy.dashboards.MetricCatalog;
import dev.criexporter.deploy.dashboards.PromQlNames;
import dev.criexporter.deploy.dashboards.RepoFiles;
import dev.criexporter.testsupport.prometheus.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;

/**
 * alerts/cri-exporter.rules.yaml and its promtool unit tests under alerts/tests: promtool accepts
 * the rules and passes the tests; every alert has a case that fires (with labels and all
 * annotations checked) and a non-vacuous case that stays quiet; promtool really fails when an
 * expectation is wrong; severities, texts and runbook links follow one scheme; and the
 * expressions only use documented metrics.
 */
class RulesTest {

  static final Set<String> ALERTS = Set.of("CRIRuntimeDown", "CRIPollingFailing", "CRIExporterSnapshotStale",
      "CRIExporterCollectorFailing", "CRIExporterDown", "CRIExporterAbsent", "CRICrossCheckDivergence",
      "CRIGhostCgroups", "CRIMissingCgroups", "CRIStaleStats", "CRINodeCheckFailing", "CRINodeCheckWarning",
      "CRINodeCheckUnknown", "CRINodeDoctorNotRunning", "ContainerOOMKilled", "ContainerCPUThrottlingHigh",
      "ContainerMemoryNearLimit");
  static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
  static final String RUNBOOK_BASE = "https://github.com/cri-exporter/cri-exporter/blob/main/alerts/README.md#";

  @Test
  void promtoolAcceptsTheRuleFile() {
    Promtool.Result result = Promtool.locateOrAbort().checkRules(RepoFiles.ruleFile()).requireOk();
    assertThat(result.output()).contains("SUCCESS: " + RuleFiles.alertRules().size() + " rules found");
  }

  @Test
  void promtoolUnitTestsPass() {
    List<Path> files = RepoFiles.ruleTestFiles();
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      assertThat(RuleFiles.ruleFilesOf(file)).as(file + " loads the shipped rule file").containsExactly(RepoFiles.ruleFile());
    }
    Promtool.Result result = Promtool.locateOrAbort().testRules(files.toArray(Path[]::new)).requireOk();
    assertThat(result.output()).doesNotContain("FAILED");
    assertThat(countOf(result.output(), "SUCCESS")).as(result.describe()).isEqualTo(files.size());
  }

  @Test
  void theRuleFileHasExactlyTheDocumentedAlerts() {
    List<String> names = RuleFiles.alertRules().stream().map(RuleFiles.AlertRule::name).toList();
    assertThat(names).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ALERTS);
  }

  @Test
  void everyAlertHasAFiringAndAQuietCase() {
    List<RuleFiles.AlertCase> cases = RuleFiles.alertCases();
    List<String> problems = new ArrayList<>();
    for (String alert : ALERTS) {
      List<RuleFiles.AlertCase> mine = cases.stream().filter(c -> c.alertName().equals(alert)).toList();
      if (mine.stream().noneMatch(RuleFiles.AlertCase::fires)) {
        problems.add(alert + " has no case that fires");
      }
      if (mine.stream().allMatch(RuleFiles.AlertCase::fires)) {
        problems.add(alert + " has no case that stays quiet");
      }
    }
    assertThat(cases).extracting(RuleFiles.AlertCase::alertName).allMatch(ALERTS::contains);
    assertThat(problems).isEmpty();
  }

  @Test
  void firingCasesCheckTheSeverityAndEveryAnnotation() {
    Map<String, RuleFiles.AlertRule> rules = rulesByName();
    List<String> problems = new ArrayList<>();
    for (RuleFiles.AlertCase c : RuleFiles.alertCases()) {
      RuleFiles.AlertRule rule = rules.get(c.alertName());
      for (Map<String, Object> expected : c.expectedAlerts()) {
        Map<String, String> labels = RuleFiles.strings(expected.get("exp_labels"));
        Map<String, String> annotations = RuleFiles.strings(expected.get("exp_annotations"));
        String where = c.file().getFileName() + " \"" + c.testName() + "\" at " + c.evalTime();
        if (!rule.labels().get("severity").equals(labels.get("severity"))) {
          problems.add(where + ": expected severity " + labels.get("severity") + ", the rule sets " + rule.labels().get("severity"));
        }
        if (!annotations.keySet().equals(rule.annotations().keySet())) {
          problems.add(where + ": checks annotations " + annotations.keySet() + ", the rule has " + rule.annotations().keySet());
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void quietCasesFeedTheMetricsTheAlertReads() {
    Map<String, RuleFiles.AlertRule> rules = rulesByName();
    List<String> problems = new ArrayList<>();
    for (Path file : RepoFiles.ruleTestFiles()) {
      for (Object t : RuleFiles.list(RuleFiles.yamlMap(file).get("tests"))) {
        Map<String, Object> test = RuleFiles.map(t);
        Set<String> fed = RuleFiles.list(test.get("input_series")).stream()
            .map(s -> RuleFiles.string(RuleFiles.map(s).get("series")).replaceAll("\\{.*", "").strip())
            .collect(Collectors.toSet());
        for (Object c : RuleFiles.list(test.get("alert_rule_test"))) {
          Map<String, Object> entry = RuleFiles.map(c);
          String alert = RuleFiles.string(entry.get("alertname"));
          if (!RuleFiles.list(entry.get("exp_alerts")).isEmpty() || !rules.containsKey(alert)) {
            continue;
          }
          Set<String> read = PromQlNames.metricNames(rules.get(alert).expr());
          if (fed.stream().noneMatch(read::contains)) {
            problems.add(file.getFileName() + " \"" + RuleFiles.string(test.get("name")) + "\": quiet case for "
                + alert + " feeds none of " + read + " (only " + fed + "), so it cannot fail");
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void promtoolFailsWhenAFiringCaseIsExpectedQuiet(@TempDir Path temp) throws IOException {
    Set<String> flipped = mutate(temp, c -> c.fires() ? List.of() : null);
    Promtool.Result result = Promtool.locateOrAbort().testRules(copies(temp).toArray(Path[]::new));
    assertThat(result.ok()).as(result.describe()).isFalse();
    for (String alert : flipped) {
      assertThat(result.output()).as("promtool reports the flipped case of " + alert).contains("alertname: " + alert + ",");
    }
    assertThat(flipped).containsExactlyInAnyOrderElementsOf(ALERTS);
  }

  @Test
  void promtoolFailsWhenAQuietCaseIsExpectedToFire(@TempDir Path temp) throws IOException {
    Set<String> flipped = mutate(temp, c -> c.fires() ? null
        : List.of(Map.of("exp_labels", Map.of("severity", "critical"))));
    Promtool.Result result = Promtool.locateOrAbort().testRules(copies(temp).toArray(Path[]::new));
    assertThat(result.ok()).as(result.describe()).isFalse();
    for (String alert : flipped) {
      assertThat(result.output()).as("promtool reports the flipped case of " + alert).contains("alertname: " + alert + ",");
    }
    assertThat(flipped).containsExactlyInAnyOrderElementsOf(ALERTS);
  }

  @Test
  void everyAlertHasASeverityTextsAndARunbookSection() {
    String runbooks = RepoFiles.read(RepoFiles.alertsDir().resolve("README.md"));
    Set<String> headings = runbooks.lines().filter(l -> l.startsWith("## ")).map(l -> l.substring(3).strip())
        .collect(Collectors.toCollection(LinkedHashSet::new));
    List<String> problems = new ArrayList<>();
    for (RuleFiles.AlertRule rule : RuleFiles.alertRules()) {
      String name = rule.name();
      if (!SEVERITIES.contains(rule.labels().getOrDefault("severity", ""))) {
        problems.add(name + ": severity " + rule.labels().get("severity") + " is not one of " + SEVERITIES);
      }
      if (!rule.labels().keySet().equals(Set.of("severity"))) {
        problems.add(name + ": labels " + rule.labels().keySet() + " (only severity expected)");
      }
      for (String key : List.of("summary", "description")) {
        String text = rule.annotations().getOrDefault(key, "");
        if (text.isBlank()) {
          problems.add(name + ": no " + key);
        } else if (!text.strip().endsWith(".")) {
          problems.add(name + ": " + key + " is not a sentence ending with a period");
        }
      }
      // Every alert but the label-less absent() one names what it is about.
      if (!name.equals("CRIExporterAbsent") && !rule.annotations().getOrDefault("summary", "").contains("{{ $labels.")) {
        problems.add(name + ": the summary does not name the node, container or target ({{ $labels.* }})");
      }
      String runbook = rule.annotations().getOrDefault("runbook_url", "");
      if (!runbook.equals(RUNBOOK_BASE + name.toLowerCase())) {
        problems.add(name + ": runbook_url " + runbook + " is not " + RUNBOOK_BASE + name.toLowerCase());
      }
      if (!headings.contains(name)) {
        problems.add(name + ": alerts/README.md has no \"## " + name + "\" section for the runbook link");
      }
    }
    assertThat(problems).isEmpty();
    assertThat(headings).as("runbook sections without an alert").containsAll(ALERTS).hasSize(ALERTS.size());
  }

  @Test
  void expressionsUseOnlyDocumentedMetrics() {
    MetricCatalog catalog = MetricCatalog.fromDocs();
    List<String> problems = new ArrayList<>();
    for (RuleFiles.AlertRule rule : RuleFiles.alertRules()) {
      Set<String> names = PromQlNames.metricNames(rule.expr());
      if (names.isEmpty()) {
        problems.add(rule.name() + ": the expression selects no metric");
      }
      names.stream().filter(n -> !catalog.knows(n)).forEach(n -> problems.add(rule.name() + ": " + n + " is not documented"));
    }
    assertThat(problems).isEmpty();
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static Map<String, RuleFiles.AlertRule> rulesByName() {
    Map<String, RuleFiles.AlertRule> rules = new LinkedHashMap<>();
    RuleFiles.alertRules().forEach(r -> rules.put(r.name(), r));
    return rules;
  }

  /**
   * Writes each unit-test file into {@code dir} with its rule file referenced by absolute path
   * and every alert case's expectation replaced by {@code replacement} (null: kept). Returns the
   * alert names whose cases were replaced.
   */
  private static Set<String> mutate(Path dir, Function<RuleFiles.AlertCase, List<Map<String, Object>>> replacement)
      throws IOException {
    Set<String> changed = new LinkedHashSet<>();
    Dump dump = new Dump(DumpSettings.builder().build());
    for (Path file : RepoFiles.ruleTestFiles()) {
      Map<String, Object> root = new LinkedHashMap<>(RuleFiles.yamlMap(file));
      root.put("rule_files", RuleFiles.ruleFilesOf(file).stream().map(Path::toString).toList());
      List<Object> tests = new ArrayList<>();
      for (Object t : RuleFiles.list(root.get("tests"))) {
        Map<String, Object> test = new LinkedHashMap<>(RuleFiles.map(t));
        List<Object> entries = new ArrayList<>();
        for (Object c : RuleFiles.list(test.get("alert_rule_test"))) {
          Map<String, Object> entry = new LinkedHashMap<>(RuleFiles.map(c));
          List<Map<String, Object>> expected = new ArrayList<>();
          RuleFiles.list(entry.get("exp_alerts")).forEach(a -> expected.add(RuleFiles.map(a)));
          RuleFiles.AlertCase alertCase = new RuleFiles.AlertCase(file, RuleFiles.string(test.get("name")),
              RuleFiles.string(entry.get("alertname")), RuleFiles.string(entry.get("eval_time")), expected);
          List<Map<String, Object>> replaced = replacement.apply(alertCase);
          if (replaced != null) {
            entry.put("exp_alerts", replaced);
            changed.add(alertCase.alertName());
          }
          entries.add(entry);
        }
        test.put("alert_rule_test", entries);
        tests.add(test);
      }
      root.put("tests", tests);
      Files.writeString(dir.resolve(file.getFileName()), dump.dumpToString(root));
    }
    return changed;
  }

  private static List<Path> copies(Path dir) {
    return RepoFiles.ruleTestFiles().stream().map(f -> dir.resolve(f.getFileName())).toList();
  }

  private static int countOf(String text, String word) {
    Matcher m = Pattern.compile(Pattern.quote(word)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
