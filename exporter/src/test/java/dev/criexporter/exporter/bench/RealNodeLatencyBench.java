package dev.criexporter.exporter.bench;

import dev.criexporter.exporter.e2e.Scrape;
import dev.criexporter.testsupport.containerd.PodSpec;
import dev.criexporter.testsupport.containerd.PrivateContainerd;
import dev.criexporter.testsupport.containerd.Workloads;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures, against a private real containerd running one two-container pod, what a newcomer
 * sees: JVM start to the first successful poll (the shaded jar as a separate process), poll
 * duration, and scrape latency. Not part of the test run (tag "bench"); run with
 * {@code mvn -pl exporter -am package -DskipTests && mvn -pl exporter test
 * -Dtest=RealNodeLatencyBench -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class RealNodeLatencyBench {

  @Test
  void startupPollAndScrapeLatency() throws Exception {
    Path jar = Path.of("target", "cri-exporter.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("build the jar first: mvn -pl exporter package -DskipTests");
    }
    Path work = Files.createTempDirectory("cri-exporter-bench-");
    Files.delete(work);
    try (PrivateContainerd containerd = PrivateContainerd.start(work)) {
      containerd.pods().run(PodSpec.builder("bench-pod").namespace("bench")
          .uid(UUID.randomUUID().toString()).container(Workloads.cpuBurner("burner"))
          .container(Workloads.memoryHolder("holder")).build());
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      String url = "http://127.0.0.1:" + port + "/metrics";
      HttpClient http = HttpClient.newHttpClient();
      long[] startups = new long[5];
      for (int run = 0; run < startups.length; run++) {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("java", "-XX:+UseSerialGC", "-Xmn8m", "-jar",
            jar.toString(), "--web.listen-address=127.0.0.1:" + port,
            "--cri.endpoint=" + containerd.endpoint(), "--poll.interval=1s")
            .redirectErrorStream(true).redirectOutput(work.resolveSibling("bench-" + run + ".log")
                .toFile()).start();
        try {
          while (true) {
            try {
              HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofString());
              if (r.body().contains("cri_runtime_up 1")) {
                break;
              }
            } catch (java.io.IOException notYet) {
              // not listening yet
            }
            Thread.sleep(5);
            if (System.nanoTime() - t0 > 30_000_000_000L) {
              throw new AssertionError("no successful poll within 30 s");
            }
          }
          startups[run] = System.nanoTime() - t0;
          if (run == startups.length - 1) {
            Thread.sleep(3_000);
            long[] lat = new long[500];
            for (int i = 0; i < lat.length; i++) {
              long s = System.nanoTime();
              http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept-Encoding", "gzip")
                  .build(), HttpResponse.BodyHandlers.ofByteArray());
              lat[i] = System.nanoTime() - s;
            }
            Arrays.sort(lat);
            Scrape first = Scrape.of(url);
            Thread.sleep(10_000);
            Scrape sc = Scrape.of(url);
            double polls = sc.value("cri_exporter_poll_duration_seconds_count")
                - first.value("cri_exporter_poll_duration_seconds_count");
            double sum = sc.value("cri_exporter_poll_duration_seconds_sum")
                - first.value("cri_exporter_poll_duration_seconds_sum");
            System.out.printf("scrape latency (gzip, sequential, n=%d): p50 %.2f ms, p99 %.2f ms%n",
                lat.length, lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6);
            System.out.printf("poll duration, steady state, mean over %d polls: %.2f ms%n", (int) polls,
                sum / polls * 1000);
            for (var c : sc.find("cri_exporter_cri_request_duration_seconds_count")) {
              String m = c.label("method");
              double n = c.value();
              double t = sc.value("cri_exporter_cri_request_duration_seconds_sum", "method", m,
                  "code", c.label("code"));
              System.out.printf("  CRI %s (%s): mean %.2f ms over %d calls%n", m, c.label("code"),
                  t / n * 1000, (int) n);
            }
            System.out.printf("exposition: %d bytes, %d series%n", sc.text().length(),
                sc.samples().size());
          }
        } finally {
          p.destroy();
          p.waitFor();
        }
      }
      Arrays.sort(startups);
      System.out.printf("JVM start -> first successful poll served: median %d ms (min %d, max %d,"
          + " n=%d)%n", startups[2] / 1_000_000, startups[0] / 1_000_000,
          startups[4] / 1_000_000, startups.length);
    }
  }
}
