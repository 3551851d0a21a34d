package dev.criexporter.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The files the chart carries besides templates: the alert rules (files/rules.yaml, in the
 * PrometheusRule only when present) and Grafana dashboards (files/dashboards/*.json, one
 * ConfigMap each), and what `helm package` puts in the archive.
 */
class ChartFilesTest {

  static Helm helm;

  @BeforeAll
  static void tools() {
    helm = Helm.installed();
  }

  @Test
  void theShippedRuleFileIsAValidPrometheusRuleFile() {
    Path promtool = DeployEnvironment.promtool();
    Exec.Result check = Exec.run(Duration.ofSeconds(30),
        List.of(promtool.toString(), "check", "rules", DeployEnvironment.chart().resolve("files/rules.yaml").toString()));
    assertThat(check.ok()).as(check.describe()).isTrue();
    assertThat(check.stdout()).contains("SUCCESS");
  }

  @Test
  void withoutARuleFileNoPrometheusRuleIsRenderedAndTheNotesSaySo() throws IOException {
    Path chart = ChartFiles.copyOfChart("no-rules");
    Files.delete(chart.resolve("files/rules.yaml"));
    Manifests m = helm.render(chart, "--set", "prometheusRule.enabled=true");
    assertThat(m.ofKind("PrometheusRule")).isEmpty();
    assertThat(helm.notes(chart, "--set", "prometheusRule.enabled=true"))
        .contains("WARNING: prometheusRule.enabled is set but this chart carries no files/rules.yaml");
    // And with the file, only when enabled.
    assertThat(helm.render(DeployEnvironment.chart()).ofKind("PrometheusRule")).isEmpty();
    assertThat(helm.render(DeployEnvironment.chart(), "--set", "prometheusRule.enabled=true").ofKind("PrometheusRule"))
        .hasSize(1);
  }

  @Test
  void aRuleFileWithoutGroupsFailsTheTemplate() throws IOException {
    Path chart = ChartFiles.copyOfChart("rules-without-groups");
    Files.writeString(chart.resolve("files/rules.yaml"), "rules:\n  - alert: Orphan\n    expr: vector(1)\n");
    Exec.Result result = helm.template(chart, "--set", "prometheusRule.enabled=true");
    assertThat(result.ok()).as(result.describe()).isFalse();
    assertThat(result.stderr()).contains("files/rules.yaml has no rule groups");
  }

  @Test
  void eachDashboardFileBecomesAConfigMapForGrafanasSidecar() throws IOException {
    Path chart = ChartFiles.copyOfChart("dashboards");
    // Only the two dashboards written here, whatever the chart ships.
    ChartFiles.deleteRecursively(chart.resolve("files/dashboards"));
    Path dir = Files.createDirectories(chart.resolve("files/dashboards"));
    String nodes = "{\n  \"title\": \"Containers by node\",\n  \"panels\": [{\"type\": \"timeseries\",\n"
        + "    \"targets\": [{\"expr\": \"sum by (node) (rate(container_cpu_usage_seconds_total[5m]))\"}]}]\n}\n";
    String health = "{\"title\": \"Exporter health\", \"panels\": []}";
    Files.writeString(dir.resolve("Containers by Node.json"), nodes);
    Files.writeString(dir.resolve("exporter-health.json"), health);
    Files.writeString(dir.resolve("README.md"), "Only *.json files are dashboards.\n");

    Manifests off = helm.render(chart);
    assertThat(off.ofKind("ConfigMap")).as("dashboards are off by default").isEmpty();

    Manifests m = helm.render(chart, "--set", "dashboards.enabled=true", "--set", "dashboards.label=grafana_dashboard_cri",
        "--set", "dashboards.labelValue=yes", "--set", "dashboards.namespace=grafana",
        "--set", "dashboards.annotations.grafana_folder=Kubernetes");
    ManifestValidator.installed().requireValid(m);
    List<K8sObject> maps = m.ofKind("ConfigMap");
    assertThat(maps).extracting(K8sObject::name)
        .containsExactly("obs-cri-exporter-dashboard-containers-by-node", "obs-cri-exporter-dashboard-exporter-health");
    for (K8sObject map : maps) {
      assertThat(map.map("metadata", "labels")).containsEntry("grafana_dashboard_cri", "yes")
          .containsEntry("app.kubernetes.io/name", "cri-exporter");
      assertThat(map.string("metadata", "namespace")).isEqualTo("grafana");
      assertThat(map.map("metadata", "annotations")).isEqualTo(Map.of("grafana_folder", "Kubernetes"));
    }
    assertThat(maps.get(0).map("data")).isEqualTo(Map.of("containers-by-node.json", nodes.strip()));
    assertThat(maps.get(1).map("data")).isEqualTo(Map.of("exporter-health.json", health));
  }

  @Test
  void withoutDashboardFilesNothingIsRenderedAndTheNotesSaySo() throws IOException {
    Path chart = ChartFiles.copyOfChart("no-dashboards");
    ChartFiles.deleteRecursively(chart.resolve("files/dashboards"));
    assertThat(helm.render(chart, "--set", "dashboards.enabled=true").ofKind("ConfigMap")).isEmpty();
    assertThat(helm.notes(chart, "--set", "dashboards.enabled=true"))
        .contains("WARNING: dashboards.enabled is set but this chart carries no files/dashboards/*.json");
  }

  @Test
  void thePackagedChartHoldsTheChartAndNothingElse() throws IOException {
    Path chart = ChartFiles.copyOfChart("package");
    Files.writeString(chart.resolve("values-local.yaml"), "runtime: crio\n");
    Files.writeString(chart.resolve("templates/daemonset.yaml~"), "editor backup\n");
    Path out = DeployEnvironment.workDir("chart-package");
    ChartFiles.deleteRecursively(out);
    Files.createDirectories(out);
    helm.run(List.of("package", chart.toString(), "--destination", out.toString())).requireOk();
    Path archive = out.resolve("cri-exporter-0.1.0.tgz");
    assertThat(archive).exists();
    List<String> entries = Arrays.stream(Exec.run(Duration.ofSeconds(30), List.of("tar", "-tzf", archive.toString()))
        .requireOk().split("\n")).filter(e -> !e.isBlank()).sorted().toList();
    assertThat(entries).contains("cri-exporter/Chart.yaml", "cri-exporter/values.yaml",
        "cri-exporter/values.schema.json", "cri-exporter/README.md", "cri-exporter/files/rules.yaml",
        "cri-exporter/templates/NOTES.txt", "cri-exporter/templates/_helpers.tpl",
        "cri-exporter/templates/daemonset.yaml");
    assertThat(entries).noneMatch(e -> e.contains("values-local") || e.endsWith("~"));
    // The packaged chart renders like the directory.
    assertThat(helm.render(archive).kinds()).isEqualTo(helm.render(DeployEnvironment.chart()).kinds());
  }
}
