package dev.criexporter.exporter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.check.Finding;
import dev.criexporter.exporter.check.Resource;
import dev.criexporter.exporter.e2e.Scrape;
import dev.criexporter.exporter.model.ContainerSample;
import dev.criexporter.exporter.model.NodeSnapshot;
import dev.criexporter.simulator.CgroupVersion;
import dev.criexporter.simulator.ManualClock;
import dev.criexporter.simulator.cri.FakeHost;
import dev.criexporter.simulator.cri.Lie;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime that lies — memory inflated by 10 %, a CPU counter that stops — is flagged within
 * two polls, on v1 and v2 trees; the same node told honestly raises nothing.
 */
class LyingRuntimeTest {
  @TempDir Path root;

  static ContainerSample sample(NodeSnapshot s, String id) {
    return s.containers().stream().filter(c -> c.identity().id().equals(id)).findFirst()
        .orElseThrow();
  }

  static List<Finding> failed(ContainerSample c) {
    return c.findings().stream().filter(Finding::failed).toList();
  }

  @ParameterizedTest
  @EnumSource(CgroupVersion.class)
  void liesAreFlaggedWithinTwoPolls(CgroupVersion version) throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    try (FakeHost host = FakeHost.builder(root).containers(20).seed(11).cgroupVersion(version)
        .clock(clock).start();
         Exporter exporter = SimulatedHosts.exporter(host, version, clock)) {
      String inflated = host.node().containers().get(3).id();
      String frozen = host.node().containers().get(7).id();
      host.runtime().faults().lie(inflated, Lie.INFLATE_MEMORY).lie(frozen, Lie.FREEZE_CPU);

      List<NodeSnapshot> polls = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        host.advance(Duration.ofSeconds(10));
        polls.add(exporter.pollNow());
      }
      NodeSnapshot second = polls.get(1);
      assertThat(failed(sample(second, inflated))).extracting(Finding::resource)
          .contains(Resource.WORKING_SET, Resource.USAGE);
      assertThat(failed(sample(second, inflated))).allSatisfy(
          f -> assertThat(f.verdict()).isEqualTo(Finding.Verdict.CRI_HIGH));
      assertThat(failed(sample(second, frozen))).singleElement().satisfies(f -> {
        assertThat(f.resource()).isEqualTo(Resource.CPU);
        assertThat(f.verdict()).isIn(Finding.Verdict.STALE, Finding.Verdict.CRI_LOW);
      });
      assertThat(second.containers()).filteredOn(
          c -> !c.identity().id().equals(inflated) && !c.identity().id().equals(frozen))
          .allSatisfy(c -> assertThat(failed(c)).as(c.identity().container()).isEmpty());

      Scrape s = Scrape.of("http://127.0.0.1:" + exporter.port() + "/metrics");
      assertThat(s.value("cri_crosscheck_diverged_containers", "resource", "working_set"))
          .isEqualTo(1);
      assertThat(s.value("cri_crosscheck_failures_total", "resource", "working_set",
          "reason", "cri_high")).isGreaterThanOrEqualTo(1);
      assertThat(s.value("cri_crosscheck_relative_difference", "name", inflated,
          "resource", "working_set")).isCloseTo(0.10, org.assertj.core.data.Offset.offset(0.005));
      assertThat(s.value("cri_crosscheck_stale_containers")
          + s.value("cri_crosscheck_diverged_containers", "resource", "cpu")).isEqualTo(1);
    }
  }

  @Test
  void theHonestRunOfTheSameNodeRaisesNothing() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    try (FakeHost host = FakeHost.builder(root).containers(20).seed(11)
        .cgroupVersion(CgroupVersion.V2).clock(clock).start();
         Exporter exporter = SimulatedHosts.exporter(host, CgroupVersion.V2, clock)) {
      for (int i = 0; i < 10; i++) {
        host.advance(Duration.ofSeconds(10));
        NodeSnapshot s = exporter.pollNow();
        assertThat(s.containers()).allSatisfy(c -> assertThat(failed(c)).isEmpty());
      }
      Scrape s = Scrape.of("http://127.0.0.1:" + exporter.port() + "/metrics");
      assertThat(s.find("cri_crosscheck_failures_total"))
          .allSatisfy(x -> assertThat(x.value()).isZero());
      assertThat(s.value("cri_crosscheck_checks_total", "resource", "cpu")).isEqualTo(11 * 20);
    }
  }
}
