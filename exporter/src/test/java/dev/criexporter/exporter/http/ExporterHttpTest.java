package dev.criexporter.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.Promtool;
import dev.criexporter.exporter.poll.ScriptedCriClient;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExporterHttpTest {
  /** The Accept header of Prometheus 3 scraping without native histograms. */
  static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0;"
      + "escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,"
      + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,"
      + "*/*;q=0.1";
  private final ScriptedCriClient cri = new ScriptedCriClient();
  private final HttpClient http = HttpClient.newHttpClient();
  private Exporter exporter;

  @BeforeEach
  void start() throws Exception {
    cri.add(1, "web-1", "shop", "nginx", 12_500_000_000L, 4096);
    cri.add(2, "db-0", "shop", "postgres", 1_000_000_000L, 8192);
    ExporterConfig c = ExporterConfig.builder()
        .listen(new InetSocketAddress("127.0.0.1", 0))
        .pollInterval(Duration.ofMillis(200)).criTimeout(Duration.ofMillis(100))
        .cgroupRoot(java.nio.file.Path.of("/nonexistent-cgroup-root")).build();
    exporter = Exporter.start(c, cri, Clock.systemUTC());
    assertThat(exporter.awaitFirstPoll(10, TimeUnit.SECONDS)).isTrue();
  }

  @AfterEach
  void stop() {
    exporter.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.port() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private String text(String path) throws Exception {
    return new String(get(path).body(), StandardCharsets.UTF_8);
  }

  @Test
  void servesContainerSeriesWithKubeletsLabels() throws Exception {
    HttpResponse<byte[]> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    String body = new String(r.body(), StandardCharsets.UTF_8);
    String id1 = ScriptedCriClient.id(1);
    assertThat(body).contains("# TYPE container_cpu_usage_seconds_total counter")
        .contains("container_cpu_usage_seconds_total{container=\"nginx\",cpu=\"total\",id=\"/kubepods/burstable/pod-x/"
            + id1 + "\",image=\"docker.io/library/app:1\",name=\"" + id1
            + "\",namespace=\"shop\",pod=\"web-1\"} 12.5")
        .contains("container_memory_working_set_bytes{container=\"postgres\"")
        .contains("cri_runtime_up 1")
        .contains("cri_runtime_info{api_version=\"v1\",endpoint=\"unix:///test.sock\","
            + "runtime=\"containerd\",version=\"1.6.20~ds1\"} 1")
        .contains("cri_exporter_build_info{")
        .contains("cri_exporter_stats_source_containers{source=\"cri\"} 2");
    Promtool.checkMetrics(body);
  }

  @Test
  void gzipAndOpenMetricsAreNegotiated() throws Exception {
    HttpResponse<byte[]> gz = get("/metrics", "Accept-Encoding", "gzip");
    assertThat(gz.headers().firstValue("content-encoding")).contains("gzip");
    String unzipped = new String(new GZIPInputStream(new ByteArrayInputStream(gz.body()))
        .readAllBytes(), StandardCharsets.UTF_8);
    assertThat(unzipped).contains("container_cpu_usage_seconds_total{");

    // What Prometheus sends: OpenMetrics preferred, the text format accepted. Text is served
    // (rendered once per poll already) rather than a second rendering.
    HttpResponse<byte[]> prom = get("/metrics", "Accept", PROMETHEUS_ACCEPT,
        "Accept-Encoding", "gzip");
    assertThat(prom.headers().firstValue("content-type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(prom.body()))
        .readAllBytes(), StandardCharsets.UTF_8))
        .contains("# TYPE container_cpu_usage_seconds_total counter");

    HttpResponse<byte[]> om = get("/metrics", "Accept",
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.8");
    assertThat(om.headers().firstValue("content-type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/openmetrics-text"));
    String omBody = new String(om.body(), StandardCharsets.UTF_8);
    assertThat(omBody).endsWith("# EOF\n").contains("# TYPE container_cpu_usage_seconds counter");

    HttpResponse<byte[]> omGz = get("/metrics", "Accept", "application/openmetrics-text",
        "Accept-Encoding", "gzip");
    assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(omGz.body()))
        .readAllBytes(), StandardCharsets.UTF_8)).endsWith("# EOF\n");

    assertThat(HttpServer.wantsOpenMetrics(null)).isFalse();
    assertThat(HttpServer.wantsOpenMetrics(PROMETHEUS_ACCEPT)).isFalse();
    assertThat(HttpServer.wantsOpenMetrics("application/openmetrics-text; version=1.0.0")).isTrue();
    assertThat(HttpServer.wantsOpenMetrics("application/openmetrics-text, text/plain;q=0"))
        .isTrue();
    assertThat(HttpServer.wantsOpenMetrics("application/openmetrics-text;q=0.9, */*;q=0.1"))
        .isFalse();
    assertThat(HttpServer.acceptsGzip("deflate, gzip;q=0")).isFalse();
    assertThat(HttpServer.acceptsGzip("br, GZIP")).isTrue();
  }

  @Test
  void scrapesNeverCallTheRuntime() throws Exception {
    long polls = exporter.completedPolls();
    int lists = cri.calls("ListContainerStats");
    for (int i = 0; i < 50; i++) {
      assertThat(get("/metrics", "Accept-Encoding", "gzip").statusCode()).isEqualTo(200);
    }
    long pollsAfter = exporter.completedPolls();
    // Any extra runtime calls are explained by polls that ran meanwhile, one call each.
    assertThat(cri.calls("ListContainerStats") - lists)
        .isLessThanOrEqualTo((int) (pollsAfter - polls) + 1);
  }

  @Test
  void removedContainerSeriesVanishWithinOnePoll() throws Exception {
    assertThat(text("/metrics")).contains("pod=\"db-0\"");
    String id2 = ScriptedCriClient.id(2);
    cri.containers.remove(id2);
    cri.stats.remove(id2);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(
        () -> assertThat(text("/metrics")).doesNotContain("pod=\"db-0\"").contains("pod=\"web-1\""));
  }

  @Test
  void healthReadinessLandingAndErrors() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    assertThat(text("/")).contains("href=\"/metrics\"");
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + exporter.port() + "/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }
}
