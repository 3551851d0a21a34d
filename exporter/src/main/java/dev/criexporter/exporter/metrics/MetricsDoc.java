package dev.criexporter.exporter.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders docs/metrics.md from the metric definitions, so the reference can never drift from the
 * code: a test compares the checked-in file with this output.
 */
public final class MetricsDoc {
  private MetricsDoc() {
  }

  /** The whole document. */
  public static String render() {
    LabelScheme cadvisor = new LabelScheme(LabelScheme.Mode.CADVISOR, List.of());
    StringBuilder b = new StringBuilder();
    b.append("# Metrics\n\n");
    b.append("Generated from the metric definitions in the code (`MetricsDoc`); a test fails"
        + " when this file is out of date. Regenerate with\n"
        + "`mvn -q -pl exporter test -Dtest=MetricsDocTest -Dcri-exporter.regenerate=true`.\n\n");
    b.append("Every per-container series carries the labels `")
        .append(String.join("`, `", cadvisor.keys()))
        .append("` (with `--labels.mode=lean`: without `id` and `name`), plus"
            + " `container_label_<key>` for each key of `--labels.pod-allowlist`. Names, types"
            + " and labels follow cAdvisor's wherever cAdvisor has the metric.\n\n");
    b.append("| collector | default | what |\n|---|---|---|\n");
    for (Collector c : Collectors.all()) {
      b.append("| `").append(c.name()).append("` | ").append(c.enabledByDefault() ? "on" : "off")
          .append(" | ").append(c.description()).append(" |\n");
    }
    b.append('\n');
    for (Collector c : Collectors.all()) {
      b.append("## ").append(c.name()).append("\n\n").append(c.description()).append(".\n\n");
      b.append("| name | type | unit | labels | source |\n|---|---|---|---|---|\n");
      for (FamilyDef f : c.families()) {
        List<String> labels = new ArrayList<>();
        if (f.perContainer()) {
          labels.add("*container*");
        }
        labels.addAll(f.extraLabels());
        b.append("| `").append(f.name()).append("` | ").append(f.type().name().toLowerCase())
            .append(" | ").append(f.unit().isEmpty() ? "" : f.unit()).append(" | ")
            .append(labels.isEmpty() ? "" : String.join(", ", labels)).append(" | ")
            .append(f.source().replace("|", "\\|")).append(" |\n");
      }
      b.append('\n');
      for (FamilyDef f : c.families()) {
        b.append("- `").append(f.name()).append("`: ").append(f.help()).append('\n');
      }
      b.append('\n');
    }
    b.append("## collector runner\n\n");
    b.append("| name | type | unit | labels | source |\n|---|---|---|---|---|\n");
    for (FamilyDef f : List.of(CollectorRunner.SUCCESS, CollectorRunner.DURATION)) {
      b.append("| `").append(f.name()).append("` | ").append(f.type().name().toLowerCase())
          .append(" | ").append(f.unit()).append(" | ").append(String.join(", ", f.extraLabels()))
          .append(" | ").append(f.source()).append(" |\n");
    }
    b.append('\n');
    b.append("## exporter internals (Micrometer)\n\n");
    b.append("| name | type | labels | what |\n|---|---|---|---|\n");
    for (String[] row : SELF) {
      b.append("| `").append(row[0]).append("` | ").append(row[1]).append(" | ").append(row[2])
          .append(" | ").append(row[3]).append(" |\n");
    }
    b.append("\nplus Micrometer's `jvm_*` and the standard `process_*` families.\n");
    return b.toString();
  }

  /** The exporter's own families kept in Micrometer (see SelfMetrics). */
  static final String[][] SELF = {
      {"cri_exporter_poll_duration_seconds", "histogram", "", "wall time of one poll"},
      {"cri_exporter_scrape_duration_seconds", "histogram", "",
          "time to hand one /metrics body over"},
      {"cri_exporter_cri_request_duration_seconds", "histogram", "method, code",
          "latency of CRI calls by method and gRPC status"},
      {"cri_exporter_poll_errors_total", "counter", "reason",
          "polls that failed as a whole (unavailable, deadline_exceeded, unimplemented,"
              + " protocol, other, internal)"},
      {"cri_exporter_poll_anomalies_total", "counter", "reason",
          "per-container conditions worked around (vanished, missing_stats,"
              + " unknown_container_stats, stats_failed, pod_stats_failed, status_failed,"
              + " counter_decreased)"},
      {"cri_exporter_cri_answers_repaired_total", "counter", "",
          "CRI answers with invalid UTF-8 in a string, decoded with replacement characters"},
      {"cri_exporter_series", "gauge", "", "series in the last rendering"},
      {"cri_exporter_exposition_bytes", "gauge", "encoding", "size of the last rendering"},
  };
}
