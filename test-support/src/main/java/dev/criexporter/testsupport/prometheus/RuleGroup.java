package dev.criexporter.testsupport.prometheus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A rule group as {@code /api/v1/rules} reports it, with each rule's last evaluation. */
public record RuleGroup(String name, String file, List<Rule> rules) {

  public RuleGroup {
    rules = List.copyOf(rules);
  }

  /**
   * One rule: {@code type} is {@code alerting} or {@code recording}; {@code health} is
   * {@code ok}, {@code err} or {@code unknown} (not evaluated yet); {@code state} is an alerting
   * rule's {@code inactive}, {@code pending} or {@code firing}.
   */
  public record Rule(String name, String type, String query, String health, String lastError, String state,
            Instant lastEvaluation, Map<String, String> labels, List<Alert> alerts) {

    public Rule {
      labels = Map.copyOf(labels);
      alerts = List.copyOf(alerts);
    }

    /** Whether Prometheus has evaluated the rule at least once. */
    public boolean evaluated() {
      return lastEvaluation.isAfter(Instant.EPOCH);
    }
  }

  /** An active (pending or firing) alert of an alerting rule. */
  public record Alert(Map<String, String> labels, Map<String, String> annotations, String state, String value) {

    public Alert {
      labels = Map.copyOf(labels);
      annotations = Map.copyOf(annotations);
    }
  }
}
