package dev.criexporter.exporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.Promtool;
import dev.criexporter.testsupport.containerd.PodSpec;
import dev.criexporter.testsupport.containerd.PrivateContainerd;
import dev.criexporter.testsupport.containerd.RunningPod;
import dev.criexporter.testsupport.containerd.Workloads;
import dev.criexporter.testsupport.prometheus.PrometheusServer;
import dev.criexporter.testsupport.prometheus.QueryResult;
import dev.criexporter.testsupport.prometheus.ScrapeJob;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes the exporter, which watches a real containerd pod: what users will
 * query must come out right — the burner's CPU rate near its 50 % quota, its throttled periods
 * rising, the memory holder's working set within its cgroup's.
 */
@Tag("e2e")
class PrometheusInTheLoopTest {

  @Test
  void promqlOverTheExporterMatchesTheKernel() throws Exception {
    Path work = Files.createTempDirectory("cri-exporter-prom-");
    Files.delete(work);
    Path promWork = Files.createTempDirectory("cri-exporter-prom-server-");
    try (PrivateContainerd containerd = PrivateContainerd.startOrAbort(work)) {
      RunningPod pod = containerd.pods().run(PodSpec.builder("shop-api-5f7d8-abcde")
          .namespace("shop").uid(UUID.randomUUID().toString())
          .container(Workloads.cpuBurner("burner")).container(Workloads.memoryHolder("holder"))
          .build());
      try (Exporter exporter = Exporter.start(ExporterConfig.builder()
          .listen(new InetSocketAddress("127.0.0.1", 0)).criEndpoint(containerd.endpoint())
          .pollInterval(Duration.ofSeconds(1)).build())) {
        assertThat(exporter.awaitFirstPoll(30, TimeUnit.SECONDS)).isTrue();
        try (PrometheusServer prometheus = PrometheusServer.builder(promWork)
            .scrapeInterval(Duration.ofSeconds(1))
            .scrapeJob(ScrapeJob.builder("cri-exporter").target("127.0.0.1:" + exporter.port())
                .interval(Duration.ofSeconds(1)).build())
            .startOrAbort()) {
          prometheus.awaitScrapes("cri-exporter", 12, Duration.ofSeconds(40));

          QueryResult cpu = prometheus.awaitQuery(
              "rate(container_cpu_usage_seconds_total{container=\"burner\",pod=\"" + pod.name()
                  + "\"}[10s])", r -> !r.isEmpty(), Duration.ofSeconds(20));
          System.out.printf("PromQL burner CPU rate: %.3f cores (quota 0.5)%n",
              cpu.single().value());
          assertThat(cpu.single().value()).isBetween(0.30, 0.60);

          QueryResult throttled = prometheus.awaitQuery(
              "increase(container_cpu_cfs_throttled_periods_total{container=\"burner\"}[10s])",
              r -> !r.isEmpty() && r.single().value() > 0, Duration.ofSeconds(20));
          assertThat(throttled.single().value()).isPositive();

          String cgroup = pod.containerCgroupPath("holder");
          long before = RealContainerdEndToEndTest.cgroupWorkingSet(cgroup);
          double ws = prometheus.query("container_memory_working_set_bytes{container=\"holder\"}")
              .single().value();
          long after = RealContainerdEndToEndTest.cgroupWorkingSet(cgroup);
          // The stored sample is up to one scrape (1 s) old: allow the cgroup's movement plus 2 %.
          double lo = Math.min(before, after) * 0.98;
          double hi = Math.max(before, after) * 1.02;
          assertThat(ws).isBetween(lo, hi);

          Promtool.checkMetrics(Scrape.of("http://127.0.0.1:" + exporter.port() + "/metrics")
              .text());
        }
      }
    } finally {
      if (Files.exists(promWork)) {
        try (var s = Files.walk(promWork)) {
          s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }
}
