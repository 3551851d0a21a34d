package dev.criexporter.exporter.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.UInt64Value;
import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.Promtool;
import dev.criexporter.exporter.e2e.Scrape;
import dev.criexporter.exporter.metrics.LabelScheme;
import dev.criexporter.exporter.model.NodeSnapshot;
import dev.criexporter.exporter.poll.ScriptedCriClient;
import dev.criexporter.simulator.SimContainer;
import dev.criexporter.simulator.cri.FakeHost;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime that answers what no sane runtime would: megabyte label values, answers beyond the
 * size limit, a hundred thousand containers at once, invalid UTF-8 on the wire, and CPU counters
 * near 2^64, wrapping or going back. The exporter keeps serving a valid, bounded exposition, and
 * its counters never go backwards.
 */
class HostileAnswersTest {
  static final String HUGE_LABEL = "example.com/oversized";

  @TempDir Path root;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private ExporterConfig.Builder config(FakeHost host) {
    return ExporterConfig.builder()
        .listen(new InetSocketAddress("127.0.0.1", 0))
        .hostRoot(host.root()).cgroupMode(CgroupMode.UNIFIED)
        .pollInterval(Duration.ofHours(1)).criTimeout(Duration.ofSeconds(5))
        .collectors(Set.of(), Set.of("doctor"));
  }

  /** Runtime data only: a host root without cgroups, polled by hand. */
  private ExporterConfig.Builder runtimeOnly() {
    return ExporterConfig.builder()
        .listen(new InetSocketAddress("127.0.0.1", 0))
        .hostRoot(root).cgroupRoot(root.resolve("no-cgroups"))
        .pollInterval(Duration.ofHours(1)).criTimeout(Duration.ofSeconds(5))
        .collectors(Set.of(), Set.of("doctor"));
  }

  private byte[] metricsBytes(Exporter e) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + e.port() + "/metrics"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  /** Decodes strictly: fails on any byte sequence that is not UTF-8. */
  static String strictUtf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("the exposition is not valid UTF-8: " + e, e);
    }
  }

  private static double counter(Scrape s, String name, String reason) {
    List<Scrape.Sample> f = s.find(name, "reason", reason);
    return f.isEmpty() ? 0 : f.get(0).value();
  }

  @Test
  void megabyteLabelValuesAreCutAndTheExpositionStaysSmall() throws Exception {
    int containers = 10;
    try (FakeHost host = FakeHost.builder(root).containers(containers).seed(9).start()) {
      host.runtime().faults().hugeLabels(1 << 20);
      try (Exporter exporter = Exporter.start(config(host).podLabels(List.of(HUGE_LABEL)).build(),
          null, Clock.systemUTC())) {
        assertThat(exporter.awaitFirstPoll(30, TimeUnit.SECONDS)).isTrue();
        NodeSnapshot s = exporter.pollNow();
        assertThat(s.runtimeUp()).isTrue();
        byte[] body = metricsBytes(exporter);
        Scrape scrape = Scrape.parse(strictUtf8(body));
        List<Scrape.Sample> cpu = scrape.find("container_cpu_usage_seconds_total");
        assertThat(cpu).hasSize(containers).allSatisfy(x ->
            assertThat(x.label("container_label_example_com_oversized"))
                .isEqualTo("x".repeat(LabelScheme.MAX_VALUE_LENGTH)));
        assertThat(scrape.samples()).allSatisfy(x -> assertThat(x.labels().values())
            .allSatisfy(v -> assertThat(v.length()).isLessThanOrEqualTo(
                LabelScheme.MAX_VALUE_LENGTH)));
        // Ten megabytes of label values in, an exposition smaller than one of them out.
        System.out.printf("megabyte labels: %d containers, exposition %d bytes (%d gzip), %d"
                + " series%n", containers, body.length, exporter.rendered().textGzipBytes(),
            exporter.rendered().series());
        assertThat(body.length).isLessThan(1 << 20);
        Promtool.checkMetrics(scrape.text());
      }
    }
  }

  @Test
  void anAnswerBeyondTheSizeLimitIsAPollErrorNotACrash() throws Exception {
    try (FakeHost host = FakeHost.builder(root).containers(5).seed(9).start();
         Exporter exporter = Exporter.start(config(host).criMaxMessageBytes(1 << 20).build(),
             null, Clock.systemUTC())) {
      assertThat(exporter.awaitFirstPoll(30, TimeUnit.SECONDS)).isTrue();
      assertThat(exporter.pollNow().runtimeUp()).isTrue();
      String url = "http://127.0.0.1:" + exporter.port() + "/metrics";
      double before = counter(Scrape.of(url), "cri_exporter_poll_errors_total", "other");

      host.runtime().faults().hugeLabels(2 << 20);
      NodeSnapshot s = exporter.pollNow();
      assertThat(s.runtimeUp()).isFalse();
      Scrape during = Scrape.of(url);
      assertThat(during.value("cri_runtime_up")).isZero();
      assertThat(during.value("cri_exporter_snapshot_stale")).isEqualTo(1);
      assertThat(counter(during, "cri_exporter_poll_errors_total", "other"))
          .isEqualTo(before + 1);
      assertThat(during.find("container_cpu_usage_seconds_total")).hasSize(5);

      host.runtime().faults().hugeLabels(0);
      assertThat(exporter.pollNow().runtimeUp()).isTrue();
      assertThat(Scrape.of(url).value("cri_runtime_up")).isEqualTo(1);
    }
  }

  @Test
  void invalidUtf8OnTheWireKeepsTheExpositionValid() throws Exception {
    try (FakeHost host = FakeHost.builder(root).containers(5).seed(9).start();
         RawCriProxy proxy = new RawCriProxy(root.resolve("proxy/cri.sock"), host.socketPath())) {
      SimContainer victim = host.node().containers().get(0);
      String pod = host.node().pod(victim.podUid()).name();
      byte[] clean = pod.getBytes(StandardCharsets.UTF_8);
      byte[] broken = clean.clone();
      broken[1] = (byte) 0xC3;
      broken[2] = (byte) 0x28;
      broken[4] = (byte) 0xFF;
      try (Exporter exporter = Exporter.start(config(host).criEndpoint(proxy.endpoint()).build(),
          null, Clock.systemUTC())) {
        assertThat(exporter.awaitFirstPoll(30, TimeUnit.SECONDS)).isTrue();
        String url = "http://127.0.0.1:" + exporter.port() + "/metrics";
        assertThat(exporter.pollNow().runtimeUp()).isTrue();
        double errorsBefore = counter(Scrape.of(url), "cri_exporter_poll_errors_total", "other");

        proxy.rewrite("ListContainers", b -> RawCriProxy.replaceAll(b, clean, broken));
        proxy.rewrite("ContainerStatus", b -> RawCriProxy.replaceAll(b, clean, broken));
        exporter.pollNow();
        NodeSnapshot s = exporter.pollNow();
        String text = strictUtf8(metricsBytes(exporter));
        Scrape scrape = Scrape.parse(text);
        Promtool.checkMetrics(text);
        // Decoded with replacement characters: every container exported, the exposition valid,
        // the repair counted.
        assertThat(s.runtimeUp()).isTrue();
        assertThat(scrape.value("cri_exporter_cri_answers_repaired_total")).isGreaterThan(0);
        assertThat(scrape.value("cri_runtime_up")).isEqualTo(1);
        assertThat(counter(scrape, "cri_exporter_poll_errors_total", "other"))
            .isEqualTo(errorsBefore);
        assertThat(scrape.find("container_cpu_usage_seconds_total")).hasSize(5);
        assertThat(scrape.find("container_cpu_usage_seconds_total", "name", victim.id()))
            .singleElement().satisfies(x -> assertThat(x.label("pod")).contains("\uFFFD"));
        proxy.rewrite("ListContainers", b -> b);
        proxy.rewrite("ContainerStatus", b -> b);
        assertThat(exporter.pollNow().runtimeUp()).isTrue();
      }
    }
  }

  private static void setCpu(ScriptedCriClient cri, int n, long nanos) {
    String id = ScriptedCriClient.id(n);
    ContainerStats s = cri.stats.get(id);
    cri.stats.put(id, s.toBuilder().setCpu(s.getCpu().toBuilder()
        .setUsageCoreNanoSeconds(UInt64Value.newBuilder().setValue(nanos))).build());
  }

  @Test
  void cpuCountersNeverGoBackwards() throws Exception {
    ScriptedCriClient cri = new ScriptedCriClient();
    cri.add(1, "big-0", "ns", "near-max", -1_000L, 1 << 20);       // 2^64 - 1000 ns
    cri.add(2, "down-0", "ns", "goes-down", 10_000_000_000L, 1 << 20);
    cri.add(3, "wrap-0", "ns", "wraps", -10L, 1 << 20);             // 2^64 - 10 ns, then 5 ns
    cri.add(4, "calm-0", "ns", "steady", 1_000_000_000L, 1 << 20);
    try (Exporter exporter = Exporter.start(runtimeOnly().build(), cri, Clock.systemUTC())) {
      assertThat(exporter.awaitFirstPoll(30, TimeUnit.SECONDS)).isTrue();
      String url = "http://127.0.0.1:" + exporter.port() + "/metrics";
      long[][] script = {
          // near-max, goes-down, wraps, steady
          {-1_000L, 10_000_000_000L, -10L, 1_000_000_000L},
          {-999L, 5_000_000_000L, 5L, 2_000_000_000L},
          {-998L, 7_000_000_000L, 6L, 3_000_000_000L},
          {-997L, 12_000_000_000L, 7L, 4_000_000_000L},
      };
      List<Map<String, Double>> exported = new ArrayList<>();
      for (long[] poll : script) {
        for (int c = 0; c < 4; c++) {
          setCpu(cri, c + 1, poll[c]);
        }
        assertThat(exporter.pollNow().runtimeUp()).isTrue();
        String text = strictUtf8(metricsBytes(exporter));
        Scrape s = Scrape.parse(text);
        Map<String, Double> values = new java.util.HashMap<>();
        for (String name : List.of("near-max", "goes-down", "wraps", "steady")) {
          values.put(name, s.value("container_cpu_usage_seconds_total", "container", name));
        }
        exported.add(values);
        Promtool.checkMetrics(text);
      }
      for (int i = 1; i < exported.size(); i++) {
        for (String name : exported.get(i).keySet()) {
          assertThat(exported.get(i).get(name)).as("%s at poll %d", name, i)
              .isGreaterThanOrEqualTo(exported.get(i - 1).get(name));
        }
      }
      double twoTo64 = 18446744073709551616.0;
      assertThat(exported.get(0).get("near-max")).isCloseTo(twoTo64 / 1e9,
          org.assertj.core.data.Offset.offset(1.0));
      assertThat(exported).extracting(m -> m.get("goes-down")).containsExactly(10.0, 10.0, 10.0,
          12.0);
      assertThat(exported).extracting(m -> m.get("steady")).containsExactly(1.0, 2.0, 3.0, 4.0);
      assertThat(exported).extracting(m -> m.get("wraps")).allSatisfy(v ->
          assertThat(v).isCloseTo(twoTo64 / 1e9, org.assertj.core.data.Offset.offset(1.0)));
      // goes-down twice (5 and 7 < 10), wraps three times (5, 6, 7 < 2^64 - 10).
      assertThat(counter(Scrape.of(url), "cri_exporter_poll_anomalies_total",
          "counter_decreased")).isEqualTo(5);
    }
  }

  @Test
  void aRuntimeCounterBelowTheCgroupValueExportedBeforeIsNotExported() throws Exception {
    ScriptedCriClient cri = new ScriptedCriClient();
    cri.add(1, "web-0", "ns", "web", 10_000_000_000L, 1 << 20);
    String id = ScriptedCriClient.id(1);
    // The cgroup the scripted runtime names (cgroupsPath /kubepods/burstable/pod-x/<id>).
    Path cgroups = root.resolve("cgroup");
    Path dir = cgroups.resolve("kubepods/burstable/pod-x/" + id);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("cpu.stat"),
        "usage_usec 20000000\nuser_usec 15000000\nsystem_usec 5000000\n");
    Files.writeString(dir.resolve("memory.current"), "1048576\n");
    try (Exporter exporter = Exporter.start(runtimeOnly().cgroupRoot(cgroups)
        .cgroupMode(CgroupMode.UNIFIED).build(), cri, Clock.systemUTC())) {
      assertThat(exporter.awaitFirstPoll(30, TimeUnit.SECONDS)).isTrue();
      String url = "http://127.0.0.1:" + exporter.port() + "/metrics";
      List<Double> exported = new ArrayList<>();
      ContainerStats stats = cri.stats.get(id);
      // The runtime's 10 s; no stats, so the cgroup's 20 s; the runtime's 12 s; its 25 s.
      for (long runtime : new long[] {10_000_000_000L, -1, 12_000_000_000L, 25_000_000_000L}) {
        cri.stats.put(id, stats);
        if (runtime < 0) {
          cri.stats.remove(id);
        } else {
          setCpu(cri, 1, runtime);
        }
        assertThat(exporter.pollNow().runtimeUp()).isTrue();
        exported.add(Scrape.of(url).value("container_cpu_usage_seconds_total", "name", id));
      }
      assertThat(exported).containsExactly(10.0, 20.0, 20.0, 25.0);
      Scrape s = Scrape.of(url);
      assertThat(counter(s, "cri_exporter_poll_anomalies_total", "counter_decreased"))
          .isEqualTo(1);
      assertThat(counter(s, "cri_exporter_poll_anomalies_total", "missing_stats")).isEqualTo(1);
    }
  }

  @Test
  @Tag("slow")
  void aHundredThousandContainersInOneAnswer() throws Exception {
    int n = 100_000;
    ScriptedCriClient cri = new ScriptedCriClient();
    for (int i = 0; i < n; i++) {
      cri.add(i, "pod-" + (i / 3), "ns-" + (i % 50), "c" + (i % 3), 1_000_000L * i,
          1L << 20);
    }
    // What these answers weigh on the wire, against --cri.max-message-size (64 MiB by default).
    long listBytes = dev.criexporter.cri.v1.ListContainersResponse.newBuilder()
        .addAllContainers(cri.containers.values()).build().getSerializedSize();
    long statsBytes = dev.criexporter.cri.v1.ListContainerStatsResponse.newBuilder()
        .addAllStats(cri.stats.values()).build().getSerializedSize();
    long heapBefore = heapAfterGc();
    long start = System.nanoTime();
    try (Exporter exporter = Exporter.start(runtimeOnly().build(), cri, Clock.systemUTC())) {
      assertThat(exporter.awaitFirstPoll(300, TimeUnit.SECONDS)).isTrue();
      long firstPoll = (System.nanoTime() - start) / 1_000_000;
      NodeSnapshot s = exporter.latestSnapshot();
      assertThat(s.runtimeUp()).isTrue();
      assertThat(s.containers()).hasSize(n);
      var r = exporter.rendered();
      long heapHeld = heapAfterGc();
      long direct = ConcurrentScrapersTest.directBytes();
      HttpResponse<byte[]> gz = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + exporter.port() + "/metrics"))
          .header("Accept-Encoding", "gzip").timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(gz.statusCode()).isEqualTo(200);
      assertThat(gz.body().length).isEqualTo(r.textGzipBytes());
      System.out.printf("100k containers: first poll and rendering %d ms; %d series, %d MB"
              + " text, %d MB gzip; heap after GC %d MB before, %d MB holding the snapshot"
              + " (%.1f KB per container); direct buffers %d MB; on the wire ListContainers"
              + " %d MB, ListContainerStats %d MB%n", firstPoll, r.series(),
          r.textBytes() >> 20, r.textGzipBytes() >> 20, heapBefore >> 20, heapHeld >> 20,
          (heapHeld - heapBefore) / 1024.0 / n, direct >> 20, listBytes >> 20,
          statsBytes >> 20);
      // Bounded: a few KB of heap per container; the exposition lives off-heap, about its size.
      assertThat(heapHeld - heapBefore).isLessThan(4L * 1024 * n);
      assertThat(direct).isLessThan(2L * (r.textBytes() + r.textGzipBytes()) + (64 << 20));
    }
  }

  static long heapAfterGc() throws InterruptedException {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
      min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return min;
  }
}
