package dev.criexporter.exporter.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.e2e.Scrape;
import dev.criexporter.simulator.cri.CriMethod;
import dev.criexporter.simulator.cri.FakeHost;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime that answers ListContainerStats too late, then not at all: every poll ends at its
 * deadline, polls never overlap or queue up, the last good containers stay served (marked stale,
 * runtime down), scrapes stay fast throughout, and the exporter recovers when the runtime does.
 */
class SlowRuntimeTest {
  static final Duration INTERVAL = Duration.ofMillis(200);
  static final Duration TIMEOUT = Duration.ofMillis(200);
  /** Generous: a poll may take its deadline plus scheduling noise on a busy machine. */
  static final Duration POLL_BOUND = TIMEOUT.plusMillis(800);

  @TempDir Path root;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private long scrapeMillis(String url, List<String> bodies) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.statusCode()).isEqualTo(200);
    if (bodies != null) {
      bodies.add(r.body());
    }
    return ms;
  }

  @Test
  void pollsEndAtTheirDeadlineAndNeverPileUp() throws Exception {
    try (FakeHost host = FakeHost.builder(root).containers(20).seed(3).start()) {
      CountingCriClient cri = CountingCriClient.probing(host.root(), TIMEOUT);
      try (Exporter exporter = Exporter.start(ExporterConfig.builder()
          .listen(new InetSocketAddress("127.0.0.1", 0))
          .hostRoot(host.root()).cgroupMode(CgroupMode.UNIFIED)
          .pollInterval(INTERVAL).criTimeout(TIMEOUT)
          .collectors(Set.of(), Set.of("doctor"))
          .build(), cri, Clock.systemUTC())) {
        assertThat(exporter.awaitFirstPoll(30, TimeUnit.SECONDS)).isTrue();
        String url = "http://127.0.0.1:" + exporter.port() + "/metrics";
        await().atMost(Duration.ofSeconds(10))
            .until(() -> Scrape.of(url).value("cri_runtime_up") == 1);
        assertThat(Scrape.of(url).find("container_cpu_usage_seconds_total")).hasSize(20);

        // A scraper runs throughout the faults, timing every scrape.
        ConcurrentLinkedQueue<Long> scrapeTimes = new ConcurrentLinkedQueue<>();
        AtomicBoolean scraping = new AtomicBoolean(true);
        Thread scraper = new Thread(() -> {
          while (scraping.get()) {
            try {
              scrapeTimes.add(scrapeMillis(url, null));
              Thread.sleep(50);
            } catch (Exception e) {
              scrapeTimes.add(Long.MAX_VALUE);
            }
          }
        }, "test-scraper");
        scraper.start();

        // 1. Answers arrive twice the deadline late.
        host.runtime().faults().delay(CriMethod.LIST_CONTAINER_STATS, TIMEOUT.multipliedBy(2));
        long serverCallsBefore = host.runtime().calls(CriMethod.LIST_CONTAINER_STATS);
        long pollsBefore = exporter.completedPolls();
        long windowStart = System.nanoTime();
        Thread.sleep(2_000);
        assertDownButServingTheLastContainers(url, "deadline_exceeded");

        // 2. Answers never arrive.
        host.runtime().faults().clear(CriMethod.LIST_CONTAINER_STATS)
            .hang(CriMethod.LIST_CONTAINER_STATS);
        Thread.sleep(2_000);
        assertDownButServingTheLastContainers(url, "deadline_exceeded");
        double windowSeconds = (System.nanoTime() - windowStart) / 1e9;
        long serverCalls = host.runtime().calls(CriMethod.LIST_CONTAINER_STATS) - serverCallsBefore;
        long polls = exporter.completedPolls() - pollsBefore;

        // Every ListContainerStats call ended at its deadline, none overlapped another call.
        List<CountingCriClient.Call> stats = cri.calls("ListContainerStats").stream()
            .filter(c -> c.startNanos() >= windowStart).toList();
        assertThat(stats).isNotEmpty().allSatisfy(c -> {
          assertThat(c.failed()).isTrue();
          assertThat(c.millis()).isLessThanOrEqualTo(POLL_BOUND.toMillis());
        });
        assertThat(cri.maxInFlight()).isEqualTo(1);
        // The exporter's own account agrees: no poll took more than a second.
        Scrape timing = Scrape.of(url);
        assertThat(timing.value("cri_exporter_poll_duration_seconds_bucket", "le", "1.0"))
            .isEqualTo(timing.value("cri_exporter_poll_duration_seconds_count"));
        // At most one poll per interval started, and the loop kept going.
        long maxPolls = (long) Math.ceil(windowSeconds * 1000 / INTERVAL.toMillis()) + 2;
        assertThat(serverCalls).isBetween(3L, maxPolls);
        assertThat(polls).isBetween(3L, maxPolls);
        System.out.printf("slow runtime: %d polls, %d ListContainerStats at the server in %.1f s;"
                + " longest call %d ms; max in flight %d%n", polls, serverCalls, windowSeconds,
            stats.stream().mapToLong(CountingCriClient.Call::millis).max().orElse(0),
            cri.maxInFlight());

        // 3. The runtime answers again.
        host.runtime().faults().clear(CriMethod.LIST_CONTAINER_STATS);
        long recovered = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
            .until(() -> Scrape.of(url).value("cri_runtime_up") == 1);
        System.out.printf("up again %d ms after the runtime answered again%n",
            (System.nanoTime() - recovered) / 1_000_000);
        Scrape s = Scrape.of(url);
        assertThat(s.value("cri_exporter_snapshot_stale")).isZero();
        assertThat(s.find("container_cpu_usage_seconds_total")).hasSize(20);

        scraping.set(false);
        scraper.join(15_000);
        assertThat(scrapeTimes).hasSizeGreaterThan(20);
        long slowest = scrapeTimes.stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.printf("%d scrapes during the faults, slowest %d ms%n", scrapeTimes.size(),
            slowest);
        assertThat(slowest).as("slowest scrape (ms)").isLessThan(2_000);
        assertThat(cri.maxInFlight()).isEqualTo(1);
      }
    }
  }

  private static void assertDownButServingTheLastContainers(String url, String reason)
      throws Exception {
    Scrape s = Scrape.of(url);
    assertThat(s.value("cri_runtime_up")).isZero();
    assertThat(s.value("cri_exporter_snapshot_stale")).isEqualTo(1);
    assertThat(s.find("container_cpu_usage_seconds_total")).hasSize(20);
    assertThat(s.value("cri_exporter_poll_errors_total", "reason", reason)).isPositive();
  }
}
