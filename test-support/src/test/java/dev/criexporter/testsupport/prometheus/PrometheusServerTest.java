package dev.criexporter.testsupport.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness against the real {@code prometheus} and {@code promtool}: the generated
 * configuration is one promtool accepts, and a started server scrapes a target with the
 * configured target labels, evaluates rules, answers queries, reports errors, and is gone
 * (process and work directory) after close.
 */
class PrometheusServerTest {

  static final String EXPOSITION = """
          # HELP demo_temperature_celsius A value to scrape.
          # TYPE demo_temperature_celsius gauge
          demo_temperature_celsius{room="lab"} 42
          demo_temperature_celsius{room="hall",container=""} 17
          """;

  static final String RULES = """
          groups:
            - name: demo
              rules:
                - record: room:demo_temperature_celsius:max
                  expr: max by (room) (demo_temperature_celsius)
                - alert: DemoHot
                  expr: demo_temperature_celsius > 40
                  labels:
                    severity: info
                  annotations:
                    summary: "{{ $labels.room }} is at {{ $value }} degrees."
          """;

  @Test
  void generatedConfigurationPassesPromtool(@TempDir Path temp) throws IOException {
    Promtool promtool = Promtool.locateOrAbort();
    Path rules = Files.writeString(temp.resolve("demo.rules.yaml"), RULES);
    String config = PrometheusServer.builder(temp.resolve("unused"))
        .scrapeJob(ScrapeJob.builder("demo").target("127.0.0.1:9999").interval(Duration.ofMillis(1500))
            .honorLabels(true).targetLabel("node", "node-a").targetLabel("cluster", "a \"quoted\" $name")
            .build())
        .ruleFile(rules)
        .externalLabel("replica", "r1")
        .renderConfig();
    Path file = Files.writeString(temp.resolve("prometheus.yml"), config);
    Promtool.Result result = promtool.checkConfig(file);
    assertThat(result.ok()).as(result.describe() + "\n" + config).isTrue();
    assertThat(config).contains("scrape_interval: 1500ms", "honor_labels: true", "replacement: \"a \\\"quoted\\\" $$name\"");
  }

  @Test
  void scrapesEvaluatesRulesAnswersQueriesAndCleansUp(@TempDir Path temp) throws Exception {
    HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    target.createContext("/metrics", exchange -> {
      byte[] body = EXPOSITION.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    target.start();
    Path workDir = temp.resolve("prometheus");
    PrometheusServer prometheus = null;
    try {
      prometheus = PrometheusServer.builder(workDir)
          .scrapeJob(ScrapeJob.builder("demo").target("127.0.0.1:" + target.getAddress().getPort())
              .honorLabels(true).targetLabel("node", "node-a").targetLabel("container", "exporter").build())
          .ruleFile(Files.writeString(temp.resolve("demo.rules.yaml"), RULES))
          .startOrAbort();
      exercise(prometheus);
    } finally {
      target.stop(0);
      if (prometheus != null) {
        long pid = prometheus.pid();
        prometheus.close();
        prometheus.close();
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        assertThat(process.map(ProcessHandle::isAlive).orElse(false)).as("Prometheus pid " + pid + " after close").isFalse();
        assertThat(workDir).doesNotExist();
      }
    }
  }

  /** What a test does with a server: scrapes with target labels, queries, errors, targets, rules. */
  private static void exercise(PrometheusServer prometheus) {
    assertThat(prometheus.isRunning()).isTrue();
    assertThat(prometheus.uri().getHost()).isEqualTo("127.0.0.1");

    prometheus.awaitScrapes("demo", 2, Duration.ofSeconds(20));
    QueryResult lab = prometheus.query("demo_temperature_celsius{room=\"lab\"}");
    assertThat(lab.single().value()).isEqualTo(42);
    assertThat(lab.single().labels()).containsEntry("node", "node-a").containsEntry("job", "demo")
        .containsEntry("container", "exporter");
    // honor_labels: an explicitly empty label in the exposition keeps the target's label out.
    assertThat(prometheus.query("demo_temperature_celsius{room=\"hall\"}").single().label("container")).isEmpty();

    assertThat(prometheus.query("scalar(sum(demo_temperature_celsius))").resultType()).isEqualTo("scalar");
    assertThat(prometheus.query("scalar(sum(demo_temperature_celsius))").single().value()).isEqualTo(59);
    assertThat(prometheus.query("sqrt(vector(-1))").single().isFinite()).isFalse();
    assertThat(prometheus.query("demo_temperature_celsius{room=\"none\"}").isEmpty()).isTrue();
    assertThat(prometheus.query("demo_temperature_celsius[1m]").resultType()).isEqualTo("matrix");
    assertThatThrownBy(() -> prometheus.query("sum(demo_temperature_celsius"))
        .isInstanceOf(PrometheusQueryException.class).hasMessageContaining("bad_data");

    assertThat(prometheus.targets()).singleElement().satisfies(t -> {
      assertThat(t.isUp()).isTrue();
      assertThat(t.labels()).containsEntry("node", "node-a");
      assertThat(t.lastError()).isEmpty();
    });

    prometheus.awaitQuery("ALERTS{alertname=\"DemoHot\", alertstate=\"firing\"}", r -> !r.isEmpty(), Duration.ofSeconds(20));
    List<RuleGroup> groups = prometheus.ruleGroups();
    assertThat(groups).singleElement().satisfies(g -> {
      assertThat(g.name()).isEqualTo("demo");
      assertThat(g.rules()).extracting(RuleGroup.Rule::name)
          .containsExactly("room:demo_temperature_celsius:max", "DemoHot");
      assertThat(g.rules()).allSatisfy(r -> {
        assertThat(r.health()).isEqualTo("ok");
        assertThat(r.lastError()).isEmpty();
        assertThat(r.evaluated()).isTrue();
      });
      RuleGroup.Rule hot = g.rules().get(1);
      assertThat(hot.type()).isEqualTo("alerting");
      assertThat(hot.state()).isEqualTo("firing");
      assertThat(hot.alerts()).singleElement().satisfies(a -> {
        assertThat(a.labels()).containsEntry("room", "lab").containsEntry("severity", "info");
        assertThat(a.annotations()).containsEntry("summary", "lab is at 42 degrees.");
      });
    });
  }

  @Test
  void aBrokenConfigurationFailsTheStartWithTheLog(@TempDir Path temp) throws IOException {
    Path rules = Files.writeString(temp.resolve("broken.rules.yaml"), "groups:\n  - name: x\n    rules:\n      - record: a\n        expr: sum(\n");
    PrometheusServer.Builder builder = PrometheusServer.builder(temp.resolve("prometheus"))
        .ruleFile(rules).readyTimeout(Duration.ofSeconds(20));
    try {
      // Outside assertThatThrownBy, so that a missing binary still skips (or fails under CI=true).
      builder.startOrAbort().close();
      fail("Prometheus started with a rule file that does not parse");
    } catch (PrometheusStartException e) {
      assertThat(e).hasMessageContaining("the process exited").hasMessageContaining("broken.rules.yaml");
    }
    assertThat(temp.resolve("prometheus")).doesNotExist();
  }

  @Test
  void scrapeJobsAreValidated() {
    assertThatThrownBy(() -> ScrapeJob.builder("x").build()).hasMessageContaining("no targets");
    assertThatThrownBy(() -> ScrapeJob.builder("x").target("h:1").interval(Duration.ofSeconds(1))
        .timeout(Duration.ofSeconds(2)).build()).hasMessageContaining("exceeds the interval");
    assertThatThrownBy(() -> ScrapeJob.builder("x").target("h:1").targetLabel("__address__", "y").build())
        .hasMessageContaining("not a target label name");
    assertThatThrownBy(() -> ScrapeJob.builder("x").target("h:1").metricsPath("metrics").build())
        .hasMessageContaining("must start with '/'");
  }

  @Test
  void sampleValuesAsPrometheusWritesThem() {
    assertThat(PrometheusServer.number("1.5e+00")).isEqualTo(1.5);
    assertThat(PrometheusServer.number("NaN")).isNaN();
    assertThat(PrometheusServer.number("+Inf")).isInfinite().isPositive();
    assertThat(PrometheusServer.number("-Inf")).isInfinite().isNegative();
    assertThat(Yaml.duration(Duration.ofSeconds(2))).isEqualTo("2s");
    assertThat(Yaml.duration(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(PrometheusServer.promqlString("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
  }
}
