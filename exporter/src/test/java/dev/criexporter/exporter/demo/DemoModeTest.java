package dev.criexporter.exporter.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.Promtool;
import dev.criexporter.exporter.e2e.Scrape;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --demo}: realistic container series, a cross-check alarm and a ghost, no runtime needed. */
class DemoModeTest {

  @Test
  void showsContainersAnAlarmAndAGhost() throws Exception {
    DemoNode node = DemoNode.start(DemoNode.DEFAULT_CONTAINERS);
    try (Exporter e = Exporter.start(node.configure(ExporterConfig.builder()
        .listen(new InetSocketAddress("127.0.0.1", 0)).pollInterval(Duration.ofSeconds(1))
        .build()))) {
      assertThat(e.awaitFirstPoll(30, TimeUnit.SECONDS)).isTrue();
      String url = "http://127.0.0.1:" + e.port() + "/metrics";
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        Scrape s = Scrape.of(url);
        assertThat(s.find("cri_runtime_info", "runtime", DemoNode.RUNTIME_NAME,
            "version", DemoNode.RUNTIME_VERSION)).hasSize(1);
        assertThat(s.find("container_cpu_usage_seconds_total"))
            .hasSize(DemoNode.DEFAULT_CONTAINERS);
        assertThat(s.value("cri_crosscheck_diverged_containers", "resource", "working_set"))
            .isEqualTo(1);
        assertThat(s.value("cri_crosscheck_relative_difference", "name",
            node.lyingContainerId(), "resource", "working_set")).isGreaterThan(0.05);
        assertThat(s.find("cri_crosscheck_ghost_cgroup", "id", node.ghostId())).hasSize(1);
      });
      Promtool.checkMetrics(Scrape.of(url).text());
    } finally {
      node.close();
    }
    assertThat(Files.exists(node.root())).as("the demo leaves nothing behind").isFalse();
  }
}
