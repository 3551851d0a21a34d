package dev.criexporter.exporter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.Promtool;
import dev.criexporter.exporter.e2e.Scrape;
import dev.criexporter.exporter.model.NodeSnapshot;
import dev.criexporter.simulator.CgroupLayout;
import dev.criexporter.simulator.CgroupVersion;
import dev.criexporter.simulator.ManualClock;
import dev.criexporter.simulator.SimContainer;
import dev.criexporter.simulator.cri.FakeHost;
import dev.criexporter.simulator.cri.RuntimePersonality;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CRI-O-shaped runtime (its socket path, runtime_name, crio-&lt;id&gt;.scope cgroups with crun's
 * container/ sub-cgroup, its verbose info) on a cgroup v2 systemd tree: detected by probing, and
 * exported with the same metrics and an honest cross-check.
 */
class CriOShapeTest {
  @TempDir Path root;

  @Test
  void detectedByProbingAndExportedLikeContainerd() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    try (FakeHost host = FakeHost.builder(root).containers(12).seed(7)
        .personality(RuntimePersonality.CRIO).layout(CgroupLayout.CRIO_SYSTEMD_CRUN)
        .cgroupVersion(CgroupVersion.V2).clock(clock).start();
         Exporter exporter = SimulatedHosts.exporter(host, CgroupVersion.V2, clock)) {
      assertThat(host.socketPath()).isEqualTo(root.resolve("run/crio/crio.sock"));
      for (int i = 0; i < 5; i++) {
        host.advance(Duration.ofSeconds(10));
        NodeSnapshot s = exporter.pollNow();
        assertThat(s.runtimeUp()).isTrue();
        assertThat(s.containers()).hasSize(12);
        assertThat(s.containers()).allSatisfy(c -> assertThat(c.findings())
            .as(c.identity().container()).isNotEmpty()
            .allSatisfy(f -> assertThat(f.failed()).as(f.toString()).isFalse()));
        assertThat(s.check().ghosts()).isEmpty();
        assertThat(s.check().missingCgroups()).isEmpty();
      }
      Scrape scrape = Scrape.of("http://127.0.0.1:" + exporter.port() + "/metrics");
      assertThat(scrape.find("cri_runtime_info", "runtime", "cri-o",
          "endpoint", "unix://" + root.resolve("run/crio/crio.sock"))).hasSize(1);
      SimContainer any = host.node().containers().get(0);
      var cpu = scrape.find("container_cpu_usage_seconds_total", "name", any.id());
      assertThat(cpu).singleElement().satisfies(x -> {
        assertThat(x.label("container")).isEqualTo(any.name());
        assertThat(x.label("id")).startsWith("/kubepods.slice/").endsWith("crio-" + any.id()
            + ".scope");
        assertThat(x.label("namespace")).isNotEmpty();
        assertThat(x.label("pod")).isNotEmpty();
        assertThat(x.label("image")).isNotEmpty().doesNotStartWith("sha256:");
      });
      assertThat(scrape.find("container_memory_working_set_bytes")).hasSize(12);
      assertThat(scrape.find("container_pressure_cpu_waiting_seconds_total")).hasSize(12);
      assertThat(scrape.value("cri_crosscheck_enabled")).isEqualTo(1);
      Promtool.checkMetrics(scrape.text());
    }
  }
}
