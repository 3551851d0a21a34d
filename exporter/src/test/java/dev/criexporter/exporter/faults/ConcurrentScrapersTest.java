package dev.criexporter.exporter.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.simulator.cri.FakeHost;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hundred scrapers on their own keep-alive connections for a minute, against a node of 200
 * containers polled every second, while three hostile clients misbehave: one reads its answer at
 * 1 KB/s, one sends a request and never reads, one connects and never sends. Every fast scrape
 * succeeds, latency stays bounded, and so does memory.
 */
@Tag("slow")
class ConcurrentScrapersTest {
  static final int SCRAPERS = 200;
  static final Duration RUN = Duration.ofSeconds(60);

  @TempDir Path tempDir;
  Path root;

  @BeforeEach
  void makeRoot() throws IOException {
    root = HostRoots.create(tempDir);
  }

  @AfterEach
  void removeRoot() throws IOException {
    HostRoots.delete(root, tempDir);
  }

  /** A minimal HTTP/1.1 client on one keep-alive connection. */
  static final class Connection implements AutoCloseable {
    final Socket socket;
    final OutputStream out;
    final InputStream in;

    Connection(int port, int receiveBuffer) throws IOException {
      socket = new Socket();
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(30_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    void request(boolean gzip) throws IOException {
      out.write(("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + (gzip ? "Accept-Encoding: gzip\r\n" : "") + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** Reads the status line and headers; returns the content length (fails unless 200). */
    long readHead() throws IOException {
      String status = line();
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IOException("status " + status);
      }
      long length = -1;
      for (String h = line(); !h.isEmpty(); h = line()) {
        if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Long.parseLong(h.substring(15).trim());
        }
      }
      if (length < 0) {
        throw new IOException("no content length");
      }
      return length;
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream(64);
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("connection closed");
        }
        if (c != '\r') {
          b.write(c);
        }
      }
      return b.toString(StandardCharsets.US_ASCII);
    }

    /** Reads and checks the body: gzip magic first, exactly {@code length} bytes. */
    void readBody(long length, boolean gzip) throws IOException {
      byte[] buf = new byte[64 * 1024];
      long left = length;
      boolean first = true;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new IOException("body cut after " + (length - left) + " of " + length);
        }
        if (first && gzip && n >= 2 && (buf[0] != (byte) 0x1f || buf[1] != (byte) 0x8b)) {
          throw new IOException("not gzip");
        }
        first = false;
        left -= n;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void twoHundredScrapersAndThreeBadClients() throws Exception {
    try (FakeHost host = FakeHost.builder(root).containers(200).seed(17).start();
         Exporter exporter = Exporter.start(ExporterConfig.builder()
             .listen(new InetSocketAddress("127.0.0.1", 0))
             .hostRoot(host.root()).cgroupMode(CgroupMode.UNIFIED)
             .pollInterval(Duration.ofSeconds(1)).collectors(Set.of(), Set.of("doctor"))
             .build(), null, Clock.systemUTC())) {
      assertThat(exporter.awaitFirstPoll(30, TimeUnit.SECONDS)).isTrue();
      int port = exporter.port();
      int gzipBytes = exporter.rendered().textGzipBytes();
      int textBytes = exporter.rendered().textBytes();
      long heapBefore = ChurnTest.heapAfterGc();
      long directBefore = directBytes();
      long pollsBefore = exporter.completedPolls();

      AtomicBoolean running = new AtomicBoolean(true);
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
      AtomicLong slowBytes = new AtomicLong();
      List<Thread> threads = new ArrayList<>();

      // The misbehaving clients first, so that they are there all along.
      Connection neverReads = new Connection(port, 4096);
      neverReads.request(false);
      Connection neverSends = new Connection(port, 0);
      threads.add(daemon("slow-reader", () -> {
        try (Connection c = new Connection(port, 4096)) {
          c.request(false);
          byte[] kb = new byte[1024];
          while (running.get()) {
            int n = c.in.read(kb);
            if (n < 0) {
              break;
            }
            slowBytes.addAndGet(n);
            Thread.sleep(1_000);
          }
        } catch (Exception e) {
          if (running.get()) {
            errors.add("slow reader: " + e);
          }
        }
      }));
      for (int i = 0; i < SCRAPERS; i++) {
        threads.add(daemon("scraper-" + i, () -> scrape(port, running, latencies, errors)));
      }
      long started = System.nanoTime();
      threads.forEach(Thread::start);
      long maxHeapUsed = 0;
      while (System.nanoTime() - started < RUN.toNanos()) {
        Thread.sleep(500);
        maxHeapUsed = Math.max(maxHeapUsed,
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      }
      running.set(false);
      for (Thread t : threads) {
        t.join(40_000);
        assertThat(t.isAlive()).as(t.getName() + " still running").isFalse();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long polls = exporter.completedPolls() - pollsBefore;
      neverReads.close();
      neverSends.close();
      long directAfter = directBytes();
      long heapAfter = ChurnTest.heapAfterGc();

      long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      assertThat(sorted).isNotEmpty();
      double p50 = sorted[sorted.length / 2] / 1e6;
      double p99 = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99))] / 1e6;
      double max = sorted[sorted.length - 1] / 1e6;
      System.out.printf(Locale.ROOT, "%d scrapers for %.0f s: %d scrapes (%.0f/s) of %d KB gzip"
              + " (%d KB plain), %d errors; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
              + " %d polls meanwhile; slow reader got %d KB; heap after GC %d -> %d MB, max used"
              + " %d MB; direct buffers %d -> %d MB%n", SCRAPERS, seconds, sorted.length,
          sorted.length / seconds, gzipBytes >> 10, textBytes >> 10, errors.size(), p50, p99,
          max, polls, slowBytes.get() >> 10, heapBefore >> 20, heapAfter >> 20,
          maxHeapUsed >> 20, directBefore >> 20, directAfter >> 20);
      assertThat(errors).as("failed scrapes").isEmpty();
      // Each scraper scrapes about once a second.
      assertThat(sorted.length).isGreaterThan((int) (SCRAPERS * seconds / 4));
      assertThat(p99).as("p99 latency (ms)").isLessThan(2_000);
      // The poll loop kept its schedule under the load.
      assertThat(polls).isGreaterThanOrEqualTo((long) (seconds / 2));
      // The slow reader was served at its own pace, not dropped and not stalling anyone.
      assertThat(slowBytes.get()).isBetween(20L * 1024, 2L * 1024 * 1024);
      assertThat(heapAfter).as("heap after GC (bytes)").isLessThan(heapBefore + (64L << 20));
      assertThat(directAfter).as("direct buffers (bytes)")
          .isLessThan(directBefore + (64L << 20));
    }
  }

  private static void scrape(int port, AtomicBoolean running, ConcurrentLinkedQueue<Long> latencies,
      ConcurrentLinkedQueue<String> errors) {
    Connection c = null;
    try {
      // Start spread over the first second, then scrape about once a second.
      Thread.sleep(ThreadLocalRandom.current().nextLong(1_000));
      while (running.get()) {
        long start = System.nanoTime();
        try {
          if (c == null) {
            c = new Connection(port, 0);
          }
          c.request(true);
          c.readBody(c.readHead(), true);
          latencies.add(System.nanoTime() - start);
        } catch (IOException e) {
          errors.add(Thread.currentThread().getName() + ": " + e);
          if (c != null) {
            c.close();
            c = null;
          }
        }
        Thread.sleep(500 + ThreadLocalRandom.current().nextLong(1_000));
      }
    } catch (Exception e) {
      errors.add(Thread.currentThread().getName() + ": " + e);
    } finally {
      if (c != null) {
        try {
          c.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  static long directBytes() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed)
        .sum();
  }
}
