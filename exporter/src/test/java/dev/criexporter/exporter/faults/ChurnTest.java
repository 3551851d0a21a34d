package dev.criexporter.exporter.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.e2e.Scrape;
import dev.criexporter.exporter.model.NodeSnapshot;
import dev.criexporter.simulator.ManualClock;
import dev.criexporter.simulator.SimulatedNode;
import dev.criexporter.simulator.cri.FakeHost;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accelerated churn on a node of 200 containers: thousands of containers restarted and pods
 * replaced over fast polls. Afterwards exactly the live containers are exported, the series
 * count is back at its baseline, the heap after GC within 10 % of it, and the state kept between
 * polls (container details, cgroup paths, exported counters, the cross-check's CPU history)
 * never outgrows the live set.
 */
@Tag("slow")
class ChurnTest {
  static final int CONTAINERS = 200;
  static final int POLLS = 40;
  static final int RESTARTS_PER_POLL = 60;
  static final int REPLACEMENTS_PER_POLL = 15;

  @TempDir Path tempDir;
  /** The simulated host's files: on tmpfs when there is one, churn writes thousands of files. */
  Path root;

  @BeforeEach
  void makeRoot() throws IOException {
    root = HostRoots.create(tempDir);
  }

  @AfterEach
  void removeRoot() throws IOException {
    HostRoots.delete(root, tempDir);
  }

  /** What the test keeps of a scrape, so that the scrape itself is not on the heap it measures. */
  record Summary(int samples, long containerSeries, Set<String> containerIds, double ghosts,
      double missing) {
    static Summary of(String url) throws Exception {
      Scrape s = Scrape.of(url);
      Set<String> ids = new HashSet<>();
      s.find("container_cpu_usage_seconds_total").forEach(x -> ids.add(x.label("name")));
      return new Summary(s.samples().size(), s.samples().stream()
          .filter(x -> x.name().startsWith("container_") && x.label("name").length() == 64)
          .count(), ids, s.value("cri_crosscheck_ghost_cgroups"),
          s.value("cri_crosscheck_missing_cgroups"));
    }
  }

  @Test
  void churnLeavesNothingBehind() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    try (FakeHost host = FakeHost.builder(root).containers(CONTAINERS).seed(21).clock(clock)
        .start();
         Exporter exporter = Exporter.start(ExporterConfig.builder()
             .listen(new InetSocketAddress("127.0.0.1", 0))
             .hostRoot(host.root()).cgroupMode(CgroupMode.UNIFIED)
             .pollInterval(Duration.ofHours(1)).criTimeout(Duration.ofSeconds(5))
             .collectors(Set.of(), Set.of("doctor"))
             .build(), null, clock)) {
      assertThat(exporter.awaitFirstPoll(30, TimeUnit.SECONDS)).isTrue();
      String url = "http://127.0.0.1:" + exporter.port() + "/metrics";
      SimulatedNode node = host.node();

      // Warm up (class loading, JIT, caches at their working size) with some churn, then take
      // the baseline on a quiet node.
      for (int i = 0; i < 5; i++) {
        churnAndPoll(host, exporter);
      }
      quietPolls(host, exporter);
      Summary baseline = Summary.of(url);
      long baselineHeap = heapAfterGc();
      int liveBefore = node.containers().size();

      Set<String> seen = new HashSet<>();
      node.containers().forEach(c -> seen.add(c.id()));
      int maxTracked = 0;
      long started = System.nanoTime();
      for (int i = 0; i < POLLS; i++) {
        churnAndPoll(host, exporter);
        node.containers().forEach(c -> seen.add(c.id()));
        // Containers, and sandboxes (their cgroup paths are kept for pod-level figures).
        int live = node.containers().size() + node.pods().size();
        maxTracked = Math.max(maxTracked, exporter.trackedContainers());
        assertThat(exporter.trackedContainers()).as("state kept after poll %d", i)
            .isLessThanOrEqualTo(live);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      quietPolls(host, exporter);

      Summary after = Summary.of(url);
      long afterHeap = heapAfterGc();
      Set<String> live = new HashSet<>();
      node.containers().forEach(c -> live.add(c.id()));
      System.out.printf("churn: %d containers seen over %d polls in %.1f s on a node of %d;"
              + " container series %d -> %d, all series %d -> %d; heap after GC %d -> %d MB"
              + " (%+.1f %%); state kept between polls at most %d entries%n",
          seen.size(), POLLS, seconds, liveBefore, baseline.containerSeries(),
          after.containerSeries(), baseline.samples(), after.samples(),
          baselineHeap >> 20, afterHeap >> 20,
          100.0 * (afterHeap - baselineHeap) / baselineHeap, maxTracked);
      assertThat(seen.size()).isGreaterThanOrEqualTo(3_000);
      assertThat(live).hasSize(liveBefore);
      // Exactly the live containers are exported, none of the thousands that came and went.
      assertThat(after.containerIds()).isEqualTo(live);
      // Per-container series are a function of each container's state (CFS and burst figures
      // appear once used), so the count may move a little, never by a churned container's worth.
      assertThat(after.containerSeries()).isCloseTo(baseline.containerSeries(),
          org.assertj.core.data.Percentage.withPercentage(2));
      // The exporter's own families may gain a series per new reason or status code.
      assertThat(after.samples() - after.containerSeries())
          .isBetween(baseline.samples() - baseline.containerSeries() - 10,
              baseline.samples() - baseline.containerSeries() + 30);
      assertThat(after.ghosts()).isZero();
      assertThat(after.missing()).isZero();
      assertThat(afterHeap).as("heap after GC (bytes)")
          .isLessThanOrEqualTo((long) (baselineHeap * 1.10));
      assertThat(exporter.trackedContainers())
          .isLessThanOrEqualTo(node.containers().size() + node.pods().size());
    }
  }

  private static void churnAndPoll(FakeHost host, Exporter exporter) {
    host.node().churn(RESTARTS_PER_POLL, REPLACEMENTS_PER_POLL);
    host.advance(Duration.ofSeconds(10));
    NodeSnapshot s = exporter.pollNow();
    assertThat(s.runtimeUp()).isTrue();
  }

  /** Polls without churn until orphans seen during churn (two-poll confirmation) are gone. */
  private static void quietPolls(FakeHost host, Exporter exporter) {
    for (int i = 0; i < 3; i++) {
      host.advance(Duration.ofSeconds(10));
      exporter.pollNow();
    }
  }

  static long heapAfterGc() throws InterruptedException {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return min;
  }
}
