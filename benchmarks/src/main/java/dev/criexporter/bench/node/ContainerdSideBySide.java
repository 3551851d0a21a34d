package dev.criexporter.bench.node;

import dev.criexporter.testsupport.containerd.PodSpec;
import dev.criexporter.testsupport.containerd.PrivateContainerd;
import dev.criexporter.testsupport.containerd.RunningPod;
import dev.criexporter.testsupport.containerd.Workloads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The exporter next to containerd's own metrics endpoint ({@code /v1/metrics}) on a private, real
 * containerd running the same pods: bytes, series and sequential scrape latency of each.
 */
final class ContainerdSideBySide {
  static final int PODS = 5;
  static final int CONTAINERS_PER_POD = 2;

  private ContainerdSideBySide() {
  }

  static Map<String, Object> run(BenchOptions options, Http http, Path benchWork) {
    Map<String, Object> r = new LinkedHashMap<>();
    Path work;
    try {
      work = Files.createTempDirectory("cri-bench-ctrd-");
      Files.delete(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PrivateContainerd containerd;
    try {
      containerd = PrivateContainerd.start(work);
    } catch (RuntimeException e) {
      r.put("skipped", "containerd could not start here: " + e.getMessage());
      NodeBench.log("containerd unavailable: %s", e.getMessage());
      return r;
    }
    try (containerd) {
      long t0 = System.nanoTime();
      List<RunningPod> pods = new ArrayList<>();
      Set<String> podNames = new HashSet<>();
      for (int i = 0; i < PODS; i++) {
        PodSpec.Builder spec = PodSpec.builder("bench-" + i + "-7d4b9c-x2x9z").namespace("bench")
            .uid(UUID.randomUUID().toString());
        for (int c = 0; c < CONTAINERS_PER_POD; c++) {
          spec.container(Workloads.idleSleeper("c" + c));
        }
        RunningPod pod = containerd.pods().run(spec.build());
        pods.add(pod);
        podNames.add(pod.name());
      }
      r.put("pods", PODS);
      r.put("containers", PODS * CONTAINERS_PER_POD);
      r.put("containerd_version", Tools.firstLine(List.of("containerd", "--version")));
      r.put("pods_start_seconds", NodeBench.round((System.nanoTime() - t0) / 1e9));
      try (ExporterProcess e = ExporterProcess.start(options.exporterLaunch(),
          List.of("--cri.endpoint=" + containerd.endpoint(), "--log.level=warn"),
          benchWork.resolve("containerd-exporter.log"))) {
        e.awaitReady(http, Duration.ofMinutes(1));
        // A second poll, so that rates and the cross-check have a previous sample.
        ExporterProcess.sleep(options.quick() ? 500 : 11_000);
        int scrapes = options.quick() ? 20 : 300;
        r.put("exporter", endpoint(http, e.metricsUrl(), scrapes, podNames, true));
        r.put("containerd_v1_metrics", endpoint(http, containerd.metricsUri().toString(), scrapes,
            podNames, false));
        r.put("exporter_memory_rss_mib", NodeBench.round(ProcStats.rssKib(e.pid()) / 1024.0));
      }
      for (RunningPod pod : pods) {
        containerd.pods().stop(pod);
        containerd.pods().remove(pod);
      }
    }
    return r;
  }

  /** Size, series and sequential gzip scrape latency of one endpoint. */
  private static Map<String, Object> endpoint(Http http, String url, int scrapes,
      Set<String> podNames, boolean exporter) {
    Http.Response plain = http.get(url, false);
    Http.Response gz = http.get(url, true);
    Exposition x = Exposition.parse(plain.text());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", url);
    m.put("plain_bytes", plain.body().length);
    m.put("gzip_bytes", gz.gzip() ? gz.body().length : -1);
    m.put("gzip_supported", gz.gzip());
    m.put("series", x.samples().size());
    m.put("families", x.samples().stream().map(Exposition.Sample::name).distinct().count());
    long containerSeries = x.count(NodeBench::containerFamily);
    m.put("container_series", containerSeries);
    if (exporter) {
      long ours = x.samples().stream().filter(s -> NodeBench.containerFamily(s.name())
          && podNames.contains(s.label("pod"))).count();
      m.put("series_of_the_bench_pods", ours);
      m.put("series_per_container", NodeBench.round((double) ours / (PODS * CONTAINERS_PER_POD)));
    } else {
      long tasks = x.samples().stream().filter(s -> NodeBench.containerFamily(s.name()))
          .map(s -> s.label("container_id")).filter(id -> id != null).distinct().count();
      m.put("tasks", tasks);
      m.put("series_per_task", NodeBench.round(tasks == 0 ? 0 : (double) containerSeries / tasks));
    }
    m.put("bytes_per_series", NodeBench.round((double) plain.body().length / x.samples().size()));
    for (int i = 0; i < 20; i++) {
      http.get(url, true);
    }
    List<Double> lat = new ArrayList<>();
    for (int i = 0; i < scrapes; i++) {
      lat.add(http.get(url, true).nanos() / 1e6);
    }
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("scrapes", scrapes);
    l.put("p50_ms", NodeBench.round(NodeBench.percentile(lat, 0.5)));
    l.put("p99_ms", NodeBench.round(NodeBench.percentile(lat, 0.99)));
    l.put("max_ms", NodeBench.round(NodeBench.percentile(lat, 1.0)));
    m.put("sequential_gzip_scrape", l);
    return m;
  }
}
