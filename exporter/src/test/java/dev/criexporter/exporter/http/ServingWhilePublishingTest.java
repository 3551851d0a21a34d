package dev.criexporter.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.poll.ScriptedCriClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Bodies are sent from pooled chunks that the next renderings reuse. A scrape that takes many
 * poll intervals to read must still receive its own rendering intact, and the pool must not
 * grow with the number of polls.
 */
class ServingWhilePublishingTest {
  static final int CONTAINERS = 300;

  @Test
  void slowReadersGetIntactBodiesWhilePollsReplaceTheRendering() throws Exception {
    ScriptedCriClient cri = new ScriptedCriClient();
    for (int i = 0; i < CONTAINERS; i++) {
      cri.add(i, "pod-" + i, "ns-" + (i % 5), "c", 1_000_000L * i, 1L << 20);
    }
    ExporterConfig c = ExporterConfig.builder()
        .listen(new InetSocketAddress("127.0.0.1", 0))
        .pollInterval(Duration.ofMillis(100)).criTimeout(Duration.ofMillis(100))
        .cgroupRoot(java.nio.file.Path.of("/nonexistent-cgroup-root")).build();
    ExecutorService readers = Executors.newFixedThreadPool(6);
    try (Exporter exporter = Exporter.start(c, cri, Clock.systemUTC())) {
      assertThat(exporter.awaitFirstPoll(10, TimeUnit.SECONDS)).isTrue();
      long pollsBefore = exporter.completedPolls();
      // Publish as fast as the poll can run, on top of the schedule.
      Thread publisher = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          exporter.pollNow();
        }
      });
      publisher.start();
      List<Future<String>> bodies = new ArrayList<>();
      for (int i = 0; i < 18; i++) {
        boolean gzip = i % 3 != 0;
        bodies.add(readers.submit(() -> slowGet(exporter.port(), gzip)));
      }
      for (Future<String> f : bodies) {
        String text = f.get(120, TimeUnit.SECONDS);
        assertThat(text).endsWith("\n");
        assertThat(text.lines().filter(l -> l.startsWith("container_cpu_usage_seconds_total{")))
            .hasSize(CONTAINERS);
        assertThat(text.lines().filter(l -> l.startsWith("# TYPE ")).count())
            .isEqualTo(text.lines().filter(l -> l.startsWith("# TYPE ")).distinct().count());
      }
      publisher.interrupt();
      publisher.join();
      long polls = exporter.completedPolls() - pollsBefore;
      assertThat(polls).as("polls replaced the rendering while bodies were read").isGreaterThan(20);
      // Chunks in use: the current rendering, those still being sent, and the pool's free ones:
      // not one set per poll.
      ChunkPool pool = exporter.chunkPool();
      int perRendering = exporter.rendered().textGzipChunks()
          + exporter.rendered().textBytes() / ChunkPool.CHUNK_BYTES + 1;
      System.out.printf("%d polls during the slow reads; chunks allocated %d, free %d, %d per"
          + " rendering (gzip + plain)%n", polls, pool.allocatedChunks(), pool.freeChunks(),
          perRendering);
      assertThat(pool.allocatedChunks()).isLessThan(25L * perRendering);
    } finally {
      readers.shutdownNow();
    }
  }

  /**
   * Bodies several times larger than what the sockets buffer, read slowly while renderings are
   * replaced and freed continuously: every body must arrive whole and from one rendering.
   */
  @Test
  void aBodyLargerThanTheSocketBuffersIsNotOverwrittenWhileItIsSent() throws Exception {
    ChunkPool pool = new ChunkPool(1000);
    java.util.concurrent.atomic.AtomicReference<Rendered> current =
        new java.util.concurrent.atomic.AtomicReference<>(Rendered.of(generation(0), pool));
    ExecutorService readers = Executors.newFixedThreadPool(3);
    try (HttpServer server = new HttpServer(new InetSocketAddress("127.0.0.1", 0), "/metrics",
        current::get, () -> true, () -> true, n -> { }, "").start()) {
      java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger();
      Thread publisher = new Thread(() -> {
        for (int g = 1; !Thread.currentThread().isInterrupted(); g++) {
          Rendered next = Rendered.of(generation(g), pool);
          current.getAndSet(next).release();
          published.incrementAndGet();
        }
      });
      publisher.start();
      List<Future<String>> bodies = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        boolean gzip = i % 2 == 0;
        bodies.add(readers.submit(() -> slowGet(server.port(), gzip)));
      }
      for (Future<String> f : bodies) {
        String text = f.get(180, TimeUnit.SECONDS);
        List<String> series = text.lines().filter(l -> l.startsWith("big{")).toList();
        assertThat(series).hasSize(POINTS);
        String gen = series.get(0).substring(0, series.get(0).indexOf(",id="));
        assertThat(series).as("all from one rendering").allSatisfy(l -> assertThat(l).startsWith(gen));
      }
      publisher.interrupt();
      publisher.join();
      System.out.printf("%d renderings published during the slow reads%n", published.get());
      assertThat(published.get()).isGreaterThan(3);
    } finally {
      readers.shutdownNow();
    }
  }

  static final int POINTS = 60_000;

  /** One family whose every series names the generation; ids random so gzip cannot shrink it. */
  static io.prometheus.metrics.model.snapshots.MetricSnapshots generation(int g) {
    java.util.Random r = new java.util.Random(g);
    var b = io.prometheus.metrics.model.snapshots.GaugeSnapshot.builder().name("big");
    String gen = Integer.toString(g);
    for (int i = 0; i < POINTS; i++) {
      b.dataPoint(io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot
          .builder().labels(io.prometheus.metrics.model.snapshots.Labels.of("a_gen", gen, "id",
              Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong())
              + Long.toHexString(r.nextLong()) + i))
          .value(i).build());
    }
    return new io.prometheus.metrics.model.snapshots.MetricSnapshots(b.build());
  }

  /** A GET read a little at a time with pauses, through a small receive buffer. */
  static String slowGet(int port, boolean gzip) throws Exception {
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(new InetSocketAddress("127.0.0.1", port));
      s.setSoTimeout(60_000);
      s.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
          + (gzip ? "Accept-Encoding: gzip\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[gzip ? 1024 : 16384];
      int n;
      while ((n = in.read(buf)) > 0) {
        all.write(buf, 0, n);
        Thread.sleep(3);
      }
      byte[] raw = all.toByteArray();
      String head = new String(raw, 0, Math.min(raw.length, 2048), StandardCharsets.ISO_8859_1);
      int end = head.indexOf("\r\n\r\n");
      assertThat(head).startsWith("HTTP/1.1 200");
      int length = Integer.parseInt(head.lines()
          .filter(l -> l.toLowerCase().startsWith("content-length:")).findFirst().orElseThrow()
          .substring(15).trim());
      assertThat(raw.length - end - 4).isEqualTo(length);
      byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
      if (gzip) {
        body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
      }
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
