package dev.criexporter.testsupport.tryit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GuideTest {

  final String text = Guide.render(Duration.ofMillis(9_600), 9758, 9091, Duration.ofSeconds(20),
      Path.of("/tmp/cri-exporter-try-it"), "scripts/try-it.sh --down");

  @Test
  void namesEveryUrlAndHowToStop() {
    assertThat(text).contains(
        "try-it is up (9.6 s)",
        "http://127.0.0.1:9758/metrics",
        "http://127.0.0.1:9091/graph",
        "http://127.0.0.1:9091/alerts",
        "http://127.0.0.1:9091/targets",
        "/tmp/cri-exporter-try-it/exporter.log",
        "Stop with Ctrl-C, or from another shell: scripts/try-it.sh --down");
  }

  @Test
  void showsTheQueriesOnePerLine() {
    for (String query : Guide.QUERIES) {
      assertThat(text).contains("       " + query + System.lineSeparator());
    }
    assertThat(Guide.BURNER_QUOTA_QUERY).contains("container=\"burner\"", "ignoring(cpu)", "container_spec_cpu_quota");
    assertThat(Guide.GROWER_LIMIT_QUERY).contains("container=\"grower\"", "container_spec_memory_limit_bytes");
    assertThat(Guide.RESTARTS_QUERY).contains("namespace=\"try-it\"");
  }

  @Test
  void theGraphLinkOpensEveryQuery() {
    String link = Guide.graphLink("http://127.0.0.1:9091");
    URI uri = URI.create(link);

    assertThat(uri.getPath()).isEqualTo("/graph");
    String query = uri.getRawQuery();
    for (int i = 0; i < Guide.QUERIES.size(); i++) {
      String expr = URLDecoder.decode(query.split("g" + i + "\\.expr=")[1].split("&")[0], StandardCharsets.UTF_8);
      assertThat(expr).isEqualTo(Guide.QUERIES.get(i));
    }
    assertThat(text).contains(link);
  }
}
