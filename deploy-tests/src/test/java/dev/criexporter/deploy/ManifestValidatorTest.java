package dev.criexporter.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The validator the chart tests rely on rejects what the API server or the operator would. */
class ManifestValidatorTest {

  static ManifestValidator validator;

  static final String DAEMONSET = """
          apiVersion: apps/v1
          kind: DaemonSet
          metadata:
            name: agent
            labels: {app: agent}
          spec:
            selector: {matchLabels: {app: agent}}
            template:
              metadata: {labels: {app: agent}}
              spec:
                containers:
                  - name: agent
                    image: agent:1
                    ports: [{name: metrics, containerPort: 9758}]
          """;

  @BeforeAll
  static void tools() {
    validator = ManifestValidator.installed();
  }

  @Test
  void aValidObjectPasses() {
    ManifestValidator.Report report = validator.validate(DAEMONSET + "---\n" + """
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata: {name: rules}
            spec:
              groups:
                - name: g
                  rules:
                    - record: job:up:sum
                      expr: sum by (job) (up)
                    - alert: Down
                      expr: up == 0
                      for: 5m
                      labels: {severity: warning}
            """);
    assertThat(report.result().ok()).as(report.result().describe()).isTrue();
    assertThat(report.objects()).isEqualTo(2);
    assertThat(report.invalid()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
          no selector              | 'selector: {matchLabels: {app: agent}}' | ''                                  | /spec must have required property selector
          port as a string         | 'containerPort: 9758'                   | 'containerPort: "9758"'             | containerPort must be integer
          bad label value          | 'labels: {app: agent}'                  | 'labels: {app: "agent one"}'        | not a valid label value
          bad name                 | 'name: agent'                           | 'name: Agent_1'                     | is not a valid DaemonSet name
          unknown kind             | 'kind: DaemonSet'                       | 'kind: DaemonJob'                   | unknown kind DaemonJob
          """)
  void anInvalidObjectIsReported(String what, String from, String to, String message) {
    // The first occurrence: the object's own metadata comes before the pod template's.
    String yaml = DAEMONSET.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    assertThat(yaml).as("the case changes the object").isNotEqualTo(DAEMONSET);
    ManifestValidator.Report report = validator.validate(yaml);
    assertThat(report.result().exitCode()).as(what).isEqualTo(1);
    assertThat(report.invalid()).isEqualTo(1);
    assertThat(report.result().stdout()).contains(message);
  }

  @Test
  void prometheusOperatorObjectsAreCheckedForTheirRequiredFields() {
    ManifestValidator.Report report = validator.validate("""
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata: {name: sm}
            spec:
              selector: {matchLabels: {app: agent}}
              endpoints: []
            ---
            apiVersion: monitoring.coreos.com/v1
            kind: PodMonitor
            metadata: {name: pm}
            spec:
              podMetricsEndpoints: [{port: metrics, interval: soon}]
            ---
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata: {name: rules}
            spec:
              groups:
                - name: g
                  rules:
                    - {alert: Both, record: both, expr: up}
                    - {alert: NoExpr}
            """);
    assertThat(report.invalid()).isEqualTo(3);
    assertThat(report.result().stdout()).contains(
        "spec.endpoints must list at least one endpoint",
        "spec.selector is required",
        "interval \"soon\" is not a Prometheus duration",
        "needs exactly one of alert, record",
        "expr is required");
  }
}
