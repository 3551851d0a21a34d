package dev.criexporter.simulator.cri;

import static dev.criexporter.simulator.cri.CgroupFiles.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.ListContainerStatsRequest;
import dev.criexporter.simulator.CgroupVersion;
import dev.criexporter.simulator.SimContainer;
import dev.criexporter.simulator.SimulatedNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeHostTest {

  @TempDir
  Path root;

  private static Map<String, Long> cpuById(CriTestClient client) {
    Map<String, Long> out = new HashMap<>();
    for (ContainerStats s : client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance())
        .getStatsList()) {
      out.put(s.getAttributes().getId(), s.getCpu().getUsageCoreNanoSeconds().getValue());
    }
    return out;
  }

  private static long cpuFromFile(FakeHost host, String id) {
    return key(host.cgroups().dir("", id).resolve("cpu.stat"), "usage_usec") * 1_000;
  }

  @Test
  void aHostAgreesWithItselfAsTimeMovesAndPodsChurn() throws Exception {
    try (FakeHost host = FakeHost.builder(root).containers(25).personality(RuntimePersonality.CRIO).start();
        CriTestClient client = new CriTestClient(host.socketPath())) {
      assertThat(host.socketPath()).isEqualTo(root.resolve("run/crio/crio.sock"));
      assertThat(host.cgroupRoot()).isEqualTo(root.resolve("sys/fs/cgroup"));
      Map<String, Long> first = cpuById(client);
      host.advance(Duration.ofSeconds(15));
      // The runtime answers at the instant the tree was written, not at the clock's.
      host.node().churn(2, 1);
      Map<String, Long> second = cpuById(client);
      host.refresh();
      Map<String, Long> third = cpuById(client);
      for (SimContainer c : host.node().containers()) {
        assertThat(third.get(c.id())).isEqualTo(cpuFromFile(host, c.id()));
        if (first.containsKey(c.id())) {
          assertThat(third.get(c.id())).isGreaterThan(first.get(c.id()));
          assertThat(second.get(c.id())).isEqualTo(third.get(c.id()));
        }
      }
      assertThat(third).hasSize(host.node().containers().size());
    }
  }

  @Test
  void tickingFollowsARealClock() throws Exception {
    SimulatedNode node = SimulatedNode.builder().seed(3).containers(10).clock(Clock.systemUTC()).build();
    try (FakeHost host = FakeHost.builder(root).node(node).cgroupVersion(CgroupVersion.V1).start();
        CriTestClient client = new CriTestClient(host.socketPath())) {
      SimContainer c = node.containers().get(0);
      long before = Long.parseLong(CgroupFiles.read(host.cgroups().dir("cpuacct", c.id())
          .resolve("cpuacct.usage")).trim());
      host.startTicking(Duration.ofMillis(50));
      Thread.sleep(400);
      host.stopTicking();
      long after = Long.parseLong(CgroupFiles.read(host.cgroups().dir("cpuacct", c.id())
          .resolve("cpuacct.usage")).trim());
      assertThat(after).isGreaterThan(before);
      assertThat(cpuById(client).get(c.id())).isEqualTo(after);
      assertThatThrownBy(() -> host.advance(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
    }
  }
}
