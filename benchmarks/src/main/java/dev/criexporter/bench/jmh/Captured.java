package dev.criexporter.bench.jmh;

import dev.criexporter.bench.SimHosts;
import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.model.NodeSnapshot;
import dev.criexporter.simulator.cri.FakeHost;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A simulated host with an in-process exporter polling it through the real Poller (gRPC over the
 * Unix socket, cgroup files on tmpfs), for benchmarks that need a real {@link NodeSnapshot}.
 */
final class Captured implements AutoCloseable {
  final Path dir;
  final FakeHost host;
  final Exporter exporter;

  private Captured(Path dir, FakeHost host, Exporter exporter) {
    this.dir = dir;
    this.host = host;
    this.exporter = exporter;
  }

  /** Starts a host of {@code containers} and an exporter that has polled it twice. */
  static Captured start(int containers) {
    Path dir = SimHosts.scratchDir("cri-bench-jmh-");
    FakeHost host = SimHosts.start(dir, containers);
    Exporter exporter = Exporter.start(ExporterConfig.builder()
        .listen(new InetSocketAddress("127.0.0.1", 0))
        .pollInterval(Duration.ofHours(1))
        .criEndpoint(SimHosts.endpoint(host))
        .hostRoot(host.root())
        .cgroupMode(CgroupMode.UNIFIED)
        .build());
    try {
      if (!exporter.awaitFirstPoll(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("no first poll");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    exporter.pollNow();
    return new Captured(dir, host, exporter);
  }

  /** A snapshot taken now. */
  NodeSnapshot snapshot() {
    return exporter.pollNow();
  }

  @Override
  public void close() {
    exporter.close();
    host.close();
    SimHosts.deleteTree(dir);
  }
}
