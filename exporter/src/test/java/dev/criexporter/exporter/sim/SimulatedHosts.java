package dev.criexporter.exporter.sim;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.simulator.CgroupVersion;
import dev.criexporter.simulator.cri.FakeHost;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

/** Starts the exporter against a simulated host: probing finds its socket under the host root. */
final class SimulatedHosts {
  private SimulatedHosts() {
  }

  /**
   * An exporter whose scheduled poll happens once at start and then only after an hour, so
   * tests drive every further poll with {@link Exporter#pollNow()}.
   */
  static Exporter exporter(FakeHost host, CgroupVersion version, Clock clock) throws Exception {
    Exporter e = Exporter.start(ExporterConfig.builder()
        .listen(new InetSocketAddress("127.0.0.1", 0))
        .hostRoot(host.root())
        .cgroupMode(version == CgroupVersion.V2 ? CgroupMode.UNIFIED : CgroupMode.HYBRID)
        .pollInterval(Duration.ofHours(1)).criTimeout(Duration.ofSeconds(5))
        .build(), null, clock);
    if (!e.awaitFirstPoll(30, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new AssertionError("no first poll");
    }
    return e;
  }
}
