package dev.criexporter.exporter.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.e2e.Scrape;
import dev.criexporter.exporter.model.ContainerSample;
import dev.criexporter.exporter.model.NodeSnapshot;
import dev.criexporter.simulator.ManualClock;
import dev.criexporter.simulator.SimContainer;
import dev.criexporter.simulator.cri.CriMethod;
import dev.criexporter.simulator.cri.FakeHost;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One container's trouble stays that container's: stats failing for it (both ways runtimes
 * do it), stats for an id nobody listed, and a cgroup directory vanishing in the middle of a
 * poll. Every other container is still exported with fresh values, and each condition is
 * counted by reason.
 */
class PartialFailureTest {
  static final int CONTAINERS = 20;

  @TempDir Path root;
  ManualClock clock;
  FakeHost host;
  Exporter exporter;
  String url;
  List<String> ids;

  @BeforeEach
  void start() throws Exception {
    clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    host = FakeHost.builder(root).containers(CONTAINERS).seed(5).clock(clock).start();
    // Polls only when the test says so: the scheduled one runs at start, the next in an hour.
    exporter = Exporter.start(ExporterConfig.builder()
        .listen(new InetSocketAddress("127.0.0.1", 0))
        .hostRoot(host.root()).cgroupMode(CgroupMode.UNIFIED)
        .pollInterval(Duration.ofHours(1)).criTimeout(Duration.ofSeconds(5))
        .collectors(Set.of(), Set.of("doctor"))
        .build(), null, clock);
    assertThat(exporter.awaitFirstPoll(30, TimeUnit.SECONDS)).isTrue();
    url = "http://127.0.0.1:" + exporter.port() + "/metrics";
    ids = host.node().containers().stream().map(SimContainer::id).toList();
  }

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
    if (host != null) {
      host.close();
    }
  }

  private NodeSnapshot poll() {
    host.advance(Duration.ofSeconds(10));
    return exporter.pollNow();
  }

  private static double counter(Scrape s, String name, String reason) {
    List<Scrape.Sample> f = s.find(name, "reason", reason);
    return f.isEmpty() ? 0 : f.get(0).value();
  }

  private static List<String> exportedIds(Scrape s) {
    return s.find("container_cpu_usage_seconds_total").stream().map(x -> x.label("name"))
        .toList();
  }

  @Test
  void statsFailingForOneContainerAreAskedAroundIt_theOthersStayFresh() throws Exception {
    poll();
    String failing = ids.get(4);
    double errors = counter(Scrape.of(url), "cri_exporter_poll_errors_total", "other");
    long callsBefore = host.runtime().calls(CriMethod.LIST_CONTAINER_STATS);

    // containerd before its fix for issue 10796: one container's stats fail the whole answer.
    host.runtime().faults().failStatsFor(failing, Status.Code.INTERNAL);
    NodeSnapshot s = poll();
    assertThat(s.runtimeUp()).isTrue();
    assertThat(s.stale()).isFalse();
    assertThat(s.containers()).hasSize(CONTAINERS);
    assertThat(s.containers()).filteredOn(c -> !c.identity().id().equals(failing))
        .allSatisfy(c -> assertThat(c.hasCriStats()).as(c.identity().container()).isTrue());
    assertThat(s.containers()).filteredOn(c -> c.identity().id().equals(failing))
        .singleElement().satisfies(c -> {
          assertThat(c.hasCriStats()).isFalse();
          assertThat(c.cgroupStats().cpu().usageNanos()).isPresent();
        });
    // The whole call, one call per pod, and one per container of the failing pod.
    long pods = host.node().containers().stream().map(SimContainer::podUid).distinct()
        .count();
    long inFailingPod = host.node().containers().stream()
        .filter(c -> c.podUid().equals(host.node().containers().get(4).podUid())).count();
    assertThat(host.runtime().calls(CriMethod.LIST_CONTAINER_STATS) - callsBefore)
        .isEqualTo(1 + pods + inFailingPod);

    Scrape during = Scrape.of(url);
    assertThat(during.value("cri_runtime_up")).isEqualTo(1);
    assertThat(during.value("cri_exporter_snapshot_stale")).isZero();
    assertThat(counter(during, "cri_exporter_poll_errors_total", "other")).isEqualTo(errors);
    assertThat(counter(during, "cri_exporter_poll_anomalies_total", "stats_failed"))
        .isEqualTo(1);
    assertThat(counter(during, "cri_exporter_poll_anomalies_total", "missing_stats")).isZero();
    assertThat(counter(during, "cri_exporter_poll_anomalies_total", "pod_stats_failed"))
        .isEqualTo(1);
    assertThat(during.value("cri_exporter_stats_source_containers", "source", "cgroup"))
        .isEqualTo(1);
    // Every container is exported with this poll's values, the failing one from its cgroup.
    assertThat(exportedIds(during)).containsExactlyInAnyOrderElementsOf(ids);
    for (ContainerSample c : s.containers()) {
      double expected = c.hasCriStats()
          ? c.cri().getCpu().getUsageCoreNanoSeconds().getValue() / 1e9
          : c.cgroupStats().cpu().usageNanos().getAsLong() / 1e9;
      assertThat(during.value("container_cpu_usage_seconds_total", "name", c.identity().id()))
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
    }

    host.runtime().faults().clear();
    assertThat(poll().containers()).allSatisfy(c -> assertThat(c.hasCriStats()).isTrue());
    Scrape after = Scrape.of(url);
    assertThat(counter(after, "cri_exporter_poll_anomalies_total", "stats_failed")).isEqualTo(1);
    assertThat(after.value("cri_exporter_stats_source_containers", "source", "cgroup")).isZero();
  }

  @Test
  void aRuntimeThatStopsAnsweringWhileAskedPieceByPieceFailsThePoll() throws Exception {
    poll();
    long callsBefore = host.runtime().calls(CriMethod.LIST_CONTAINER_STATS);
    host.runtime().faults().failStatsFor(ids.get(4), Status.Code.INTERNAL);
    // The runtime goes away after the failing whole answer: it is in trouble, not one container;
    // the poll fails as a whole and the last good data is served, marked stale.
    host.runtime().faults().failAfter(CriMethod.LIST_CONTAINER_STATS, 1, Status.Code.UNAVAILABLE);
    NodeSnapshot s = poll();
    assertThat(s.runtimeUp()).isFalse();
    assertThat(s.stale()).isTrue();
    Scrape during = Scrape.of(url);
    assertThat(counter(during, "cri_exporter_poll_errors_total", "unavailable")).isEqualTo(1);
    assertThat(host.runtime().calls(CriMethod.LIST_CONTAINER_STATS)).as("no call after the first"
        + " piece failed").isLessThanOrEqualTo(callsBefore + 2);
    assertThat(exportedIds(during)).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void aContainerLeftOutOfTheStatsIsCountedAndTheOthersAreExported() throws Exception {
    String omitted = ids.get(7);
    host.runtime().faults().omitFromStats(omitted);
    NodeSnapshot s = poll();
    assertThat(s.runtimeUp()).isTrue();
    assertThat(s.containers()).hasSize(CONTAINERS);
    assertThat(s.containers()).filteredOn(c -> !c.identity().id().equals(omitted))
        .allSatisfy(c -> assertThat(c.hasCriStats()).isTrue());
    ContainerSample gap = s.containers().stream().filter(c -> c.identity().id().equals(omitted))
        .findFirst().orElseThrow();
    assertThat(gap.hasCriStats()).isFalse();

    Scrape scrape = Scrape.of(url);
    assertThat(scrape.value("cri_runtime_up")).isEqualTo(1);
    assertThat(counter(scrape, "cri_exporter_poll_anomalies_total", "missing_stats"))
        .isEqualTo(1);
    // Every container keeps its CPU series: the omitted one from its cgroup.
    assertThat(exportedIds(scrape)).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(scrape.find("container_memory_working_set_bytes")).hasSize(CONTAINERS);
  }

  @Test
  void statsForAnUnknownIdAreIgnoredAndCounted() throws Exception {
    String stranger = "f".repeat(64);
    host.runtime().faults().reportUnknownContainer(stranger);
    poll();
    poll();
    Scrape s = Scrape.of(url);
    assertThat(s.value("cri_runtime_up")).isEqualTo(1);
    assertThat(counter(s, "cri_exporter_poll_anomalies_total", "unknown_container_stats"))
        .isEqualTo(2);
    assertThat(s.samples()).noneMatch(x -> x.labels().containsValue(stranger));
    assertThat(exportedIds(s)).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void aCgroupVanishingMidPollIsCountedAndTheOthersAreExported() throws Exception {
    poll();
    String victim = ids.get(11);
    Path dir = host.cgroupRoot().resolve(host.cgroups().relativePath(victim));
    assertThat(dir).isDirectory();
    double goneBefore = counter(Scrape.of(url), "cri_exporter_cgroup_read_errors_total", "gone");

    // The runtime takes its time; the cgroup goes away after the reads before the stats call and
    // before the reads after it.
    host.runtime().faults().delay(CriMethod.LIST_CONTAINER_STATS, Duration.ofMillis(600));
    host.advance(Duration.ofSeconds(10));
    CompletableFuture<NodeSnapshot> polling = CompletableFuture.supplyAsync(exporter::pollNow);
    Thread.sleep(200);
    host.cgroups().vanish(victim);
    assertThat(dir).doesNotExist();
    NodeSnapshot mid = polling.get(30, TimeUnit.SECONDS);
    host.runtime().faults().clear();

    assertThat(mid.runtimeUp()).isTrue();
    assertThat(mid.containers()).hasSize(CONTAINERS);
    assertThat(mid.containers()).filteredOn(c -> !c.identity().id().equals(victim))
        .allSatisfy(c -> {
          assertThat(c.cgroup()).as(c.identity().container()).isNotNull();
          assertThat(c.cgroupStats().cpu().usageNanos()).isPresent();
        });
    assertThat(mid.containers()).filteredOn(c -> c.identity().id().equals(victim))
        .singleElement().satisfies(c -> {
          assertThat(c.cgroup()).isNull();
          assertThat(c.hasCriStats()).isTrue();
        });
    Scrape s = Scrape.of(url);
    assertThat(counter(s, "cri_exporter_cgroup_read_errors_total", "gone"))
        .isEqualTo(goneBefore + 1);
    // Reported as missing once seen in two polls in a row.
    assertThat(s.value("cri_crosscheck_missing_cgroups")).isZero();
    poll();
    s = Scrape.of(url);
    assertThat(s.value("cri_crosscheck_missing_cgroups")).isEqualTo(1);
    assertThat(s.value("cri_runtime_up")).isEqualTo(1);
    assertThat(exportedIds(s)).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(s.find("container_cpu_user_seconds_total")).hasSize(CONTAINERS - 1)
        .noneMatch(x -> x.label("name").equals(victim));
    assertThat(Files.exists(dir)).isFalse();
  }
}
