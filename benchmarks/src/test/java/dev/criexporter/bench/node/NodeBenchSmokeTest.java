package dev.criexporter.bench.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node bench end to end at ten containers with every window cut short: it starts the exporter
 * as a separate JVM against a simulated host, goes through each phase and writes its JSON. Checks
 * only that numbers were produced, never what they are (this machine is shared and noisy).
 */
class NodeBenchSmokeTest {

  @Test
  @SuppressWarnings("unchecked")
  void aTinyNodeBenchCompletesAndWritesResults(@TempDir Path out) throws Exception {
    BenchOptions options = BenchOptions.parse("--quick", "--sizes=10", "--no-containerd",
        "--no-nginx", "--out=" + out);
    Map<String, Object> doc = new NodeBench(options).run();
    Path written = NodeBench.write(doc, out);

    assertThat(written).exists();
    assertThat(out.resolve("latest.json")).exists();
    assertThat(Files.readString(written)).contains("\"containers\": 10");
    List<Map<String, Object>> points = (List<Map<String, Object>>) doc.get("points");
    assertThat(points).hasSize(1);
    Map<String, Object> p = points.get(0);
    assertThat(Report.num(p, "poll", "runtime_up")).isEqualTo(1.0);
    assertThat(Report.num(p, "poll", "cpu", "process_cpu_ms_per_poll")).isPositive();
    assertThat(Report.num(p, "serve", "exposition", "series")).isPositive();
    assertThat(Report.num(p, "lean", "bytes_per_container_series"))
        .isLessThan(Report.num(p, "serve", "exposition", "bytes_per_container_series"));
    assertThat(Report.num(p, "churn", "containers_created")).isPositive();
    assertThat(Report.stageCpu(p, "render + gzip")).isPositive();
    if (Floor.available()) {
      assertThat((Map<String, Object>) ((Map<String, Object>) p.get("poll"))
          .get("files_opened_per_container_and_poll")).containsKeys("cpu.stat", "memory.stat");
    }
    assertThat(Report.markdown(doc)).contains("| poll CPU, process, per poll (ms) |");
  }

  @Test
  void wrkOutputIsParsed() {
    String out = """
        Running 15s test @ http://127.0.0.1:9758/metrics
          2 threads and 10 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     4.10ms    2.01ms  30.12ms   80.00%
          Latency Distribution
             50%    3.80ms
             75%    4.90ms
             90%    6.20ms
             99%   12.34ms
          36000 requests in 15.00s, 1.20GB read
          Socket errors: connect 0, read 1, write 0, timeout 2
        Requests/sec:   2400.00
        Transfer/sec:     81.92MB
        """;
    Wrk.Result r = Wrk.parse(10, 15, out);
    assertThat(r.latencyMs()).containsEntry("p50", 3.8).containsEntry("p99", 12.34);
    assertThat(r.requests()).isEqualTo(36_000);
    assertThat(r.requestsPerSecond()).isEqualTo(2400.0);
    assertThat(r.errors()).isEqualTo(3);
  }

  @Test
  void expositionLinesAreParsed() {
    Exposition x = Exposition.parse("""
        # HELP a_total help
        # TYPE a_total counter
        a_total{pod="p",id="/x y"} 3.0
        b 1.5e3
        h_bucket{le="0.5"} 2.0
        h_bucket{le="+Inf"} 4.0
        """);
    assertThat(x.samples()).hasSize(4);
    assertThat(x.samples().get(0).label("id")).isEqualTo("/x y");
    assertThat(x.value("b")).isEqualTo(1500.0);
    assertThat(x.buckets("h")).containsEntry(Double.POSITIVE_INFINITY, 4.0);
  }
}
