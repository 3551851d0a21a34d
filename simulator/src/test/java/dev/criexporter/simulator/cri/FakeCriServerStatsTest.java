package dev.criexporter.simulator.cri;

import static dev.criexporter.simulator.cri.CgroupFiles.key;
import static dev.criexporter.simulator.cri.CgroupFiles.number;
import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.ContainerStatsRequest;
import dev.criexporter.cri.v1.ListContainerStatsRequest;
import dev.criexporter.cri.v1.ListPodSandboxStatsRequest;
import dev.criexporter.cri.v1.PodSandboxStats;
import dev.criexporter.cri.v1.PodSandboxStatsRequest;
import dev.criexporter.simulator.CgroupLayout;
import dev.criexporter.simulator.CgroupTreeWriter;
import dev.criexporter.simulator.CgroupVersion;
import dev.criexporter.simulator.ManualClock;
import dev.criexporter.simulator.SimContainer;
import dev.criexporter.simulator.SimPod;
import dev.criexporter.simulator.SimulatedNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FakeCriServerStatsTest {

  private static final Instant START = Instant.parse("2024-05-01T12:00:00Z");

  @TempDir
  Path host;

  private final ManualClock clock = new ManualClock(START);
  private final SimulatedNode node = SimulatedNode.builder().seed(17).containers(30).clock(clock).build();

  static Stream<Arguments> runtimesAndVersions() {
    return Stream.of(
        Arguments.of(RuntimePersonality.CONTAINERD, CgroupVersion.V2),
        Arguments.of(RuntimePersonality.CONTAINERD, CgroupVersion.V1),
        Arguments.of(RuntimePersonality.CRIO, CgroupVersion.V2),
        Arguments.of(RuntimePersonality.CRIO, CgroupVersion.V1));
  }

  private static Map<String, ContainerStats> byId(List<ContainerStats> stats) {
    Map<String, ContainerStats> out = new HashMap<>();
    stats.forEach(s -> out.put(s.getAttributes().getId(), s));
    return out;
  }

  /** What an honest runtime derives from the container's cgroup files, read back with plain Java. */
  private record FromFiles(long cpuNanos, long usage, long workingSet, long rss, long faults, long majorFaults) {

    static FromFiles read(CgroupTreeWriter tree, CgroupVersion version, String id) {
      if (version == CgroupVersion.V2) {
        Path dir = tree.dir("", id);
        long usage = number(dir.resolve("memory.current"));
        Path stat = dir.resolve("memory.stat");
        return new FromFiles(key(dir.resolve("cpu.stat"), "usage_usec") * 1_000, usage,
            usage - key(stat, "inactive_file"), key(stat, "anon"), key(stat, "pgfault"),
            key(stat, "pgmajfault"));
      }
      Path memory = tree.dir("memory", id);
      long usage = number(memory.resolve("memory.usage_in_bytes"));
      Path stat = memory.resolve("memory.stat");
      return new FromFiles(number(tree.dir("cpuacct", id).resolve("cpuacct.usage")), usage,
          usage - key(stat, "total_inactive_file"), key(stat, "total_rss"), key(stat, "total_pgfault"),
          key(stat, "total_pgmajfault"));
    }

    static FromFiles of(ContainerStats s) {
      return new FromFiles(s.getCpu().getUsageCoreNanoSeconds().getValue(),
          s.getMemory().getUsageBytes().getValue(),
          s.getMemory().getWorkingSetBytes().getValue(), s.getMemory().getRssBytes().getValue(),
          s.getMemory().getPageFaults().getValue(), s.getMemory().getMajorPageFaults().getValue());
    }
  }

  @ParameterizedTest
  @MethodSource("runtimesAndVersions")
  void anHonestRuntimeMatchesTheCgroupFilesExactly(RuntimePersonality personality, CgroupVersion version)
      throws Exception {
    CgroupTreeWriter tree = CgroupTreeWriter.create(node, host.resolve("sys/fs/cgroup"), version,
        personality.defaultLayout());
    try (FakeCriServer server = FakeCriServer.builder(node).personality(personality).hostRoot(host).start();
        CriTestClient client = new CriTestClient(server.socketPath())) {
      for (int round = 0; round < 3; round++) {
        tree.update(clock.instant());
        var stats = byId(client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance())
            .getStatsList());
        assertThat(stats).hasSize(node.containers().size());
        for (SimContainer c : node.containers()) {
          ContainerStats s = stats.get(c.id());
          assertThat(FromFiles.of(s)).as(c.name()).isEqualTo(FromFiles.read(tree, version, c.id()));
          assertThat(s.getCpu().getTimestamp()).isEqualTo(Messages.nanos(clock.instant()));
          assertThat(s.hasSwap()).isEqualTo(personality.reportsSwap());
        }
        clock.advance(Duration.ofSeconds(15));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("runtimesAndVersions")
  void podStatsMatchThePodCgroup(RuntimePersonality personality, CgroupVersion version) throws Exception {
    CgroupTreeWriter tree = CgroupTreeWriter.create(node, host.resolve("sys/fs/cgroup"), version,
        personality.defaultLayout());
    tree.update(START);
    try (FakeCriServer server = FakeCriServer.builder(node).personality(personality).hostRoot(host).start();
        CriTestClient client = new CriTestClient(server.socketPath())) {
      for (PodSandboxStats p : client.stub().listPodSandboxStats(ListPodSandboxStatsRequest.getDefaultInstance())
          .getStatsList()) {
        SimPod pod = node.state().podBySandboxId(p.getAttributes().getId()).orElseThrow();
        String memoryDir = version == CgroupVersion.V2 ? "" : "memory";
        long usage = number(tree.dir(memoryDir, pod.uid())
            .resolve(version == CgroupVersion.V2 ? "memory.current" : "memory.usage_in_bytes"));
        assertThat(p.getLinux().getMemory().getUsageBytes().getValue()).isEqualTo(usage);
        long threads = 0;
        for (SimContainer c : node.state().containersOf(pod.uid())) {
          Path pids = tree.dir(version == CgroupVersion.V2 ? "" : "pids", c.id());
          threads += number(pids.resolve("pids.current"));
        }
        assertThat(p.getLinux().getProcess().getProcessCount().getValue()).isEqualTo(threads);
        assertThat(p.getLinux().hasNetwork()).isEqualTo(!pod.hostNetwork());
        assertThat(p.getAttributes().getMetadata().getName()).isEqualTo(pod.name());
      }
      SimPod pod = node.pods().get(1);
      PodSandboxStats one = client.stub().podSandboxStats(PodSandboxStatsRequest.newBuilder()
          .setPodSandboxId(pod.sandboxId()).build()).getStats();
      assertThat(one.getLinux().getContainersCount()).isEqualTo(node.state().containersOf(pod.uid()).size());
    }
  }

  @Test
  void statsAdvanceWithTheClock() throws Exception {
    try (FakeCriServer server = FakeCriServer.builder(node).hostRoot(host).start();
        CriTestClient client = new CriTestClient(server.socketPath())) {
      var before = byId(client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance())
          .getStatsList());
      var same = byId(client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance())
          .getStatsList());
      clock.advance(Duration.ofSeconds(20));
      var after = byId(client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance())
          .getStatsList());
      for (SimContainer c : node.containers()) {
        long cpu0 = before.get(c.id()).getCpu().getUsageCoreNanoSeconds().getValue();
        assertThat(same.get(c.id()).getCpu().getUsageCoreNanoSeconds().getValue()).isEqualTo(cpu0);
        assertThat(after.get(c.id()).getCpu().getUsageCoreNanoSeconds().getValue()).isGreaterThan(cpu0);
        assertThat(after.get(c.id()).getMemory().getPageFaults().getValue())
            .isGreaterThan(before.get(c.id()).getMemory().getPageFaults().getValue());
        // Each runtime derives the rate from the previous call: 0 for no time passed, the CPU rate after.
        assertThat(same.get(c.id()).getCpu().getUsageNanoCores().getValue()).isZero();
        double cores = after.get(c.id()).getCpu().getUsageNanoCores().getValue() / 1e9;
        assertThat(cores).isBetween(c.profile().cpuCores() * 0.7, c.profile().cpuCores() * 1.3);
      }
    }
  }

  @Test
  void containerdReportsAnEmptyWritableLayerUntilItsCollectorRan() throws Exception {
    try (FakeCriServer server = FakeCriServer.builder(node).hostRoot(host).start();
        CriTestClient client = new CriTestClient(server.socketPath())) {
      SimContainer c = node.restartContainer(node.containers().get(0).id());
      ContainerStatsRequest request = ContainerStatsRequest.newBuilder().setContainerId(c.id()).build();
      ContainerStats fresh = client.stub().containerStats(request).getStats();
      assertThat(fresh.getWritableLayer().getUsedBytes().getValue()).isZero();
      assertThat(fresh.getWritableLayer().getFsId().getMountpoint())
          .isEqualTo("/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs");
      clock.advance(Duration.ofSeconds(11));
      ContainerStats later = client.stub().containerStats(request).getStats();
      assertThat(later.getWritableLayer().getUsedBytes().getValue()).isEqualTo(c.profile().writableLayerBytes());
    }
  }

  @Test
  void aLyingRuntimeDiffersFromTheFilesByTenPercentOrFreezesItsCpuCounter() throws Exception {
    CgroupTreeWriter tree = CgroupTreeWriter.create(node, host.resolve("sys/fs/cgroup"), CgroupVersion.V2,
        CgroupLayout.CONTAINERD_SYSTEMD);
    tree.update(START);
    SimContainer inflated = node.containers().get(3);
    SimContainer frozen = node.containers().get(4);
    SimContainer honest = node.containers().get(5);
    try (FakeCriServer server = FakeCriServer.builder(node).hostRoot(host).start();
        CriTestClient client = new CriTestClient(server.socketPath())) {
      server.faults().lie(inflated.id(), Lie.INFLATE_MEMORY).lie(frozen.id(), Lie.FREEZE_CPU);
      var stats = byId(client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance())
          .getStatsList());
      FromFiles files = FromFiles.read(tree, CgroupVersion.V2, inflated.id());
      FromFiles reported = FromFiles.of(stats.get(inflated.id()));
      assertThat((double) reported.workingSet()).isCloseTo(files.workingSet() * 1.1, withinBytes(1));
      assertThat((double) reported.usage()).isCloseTo(files.usage() * 1.1, withinBytes(1));
      assertThat(reported.cpuNanos()).isEqualTo(files.cpuNanos());
      assertThat(FromFiles.of(stats.get(honest.id())))
          .isEqualTo(FromFiles.read(tree, CgroupVersion.V2, honest.id()));

      long frozenAt = stats.get(frozen.id()).getCpu().getUsageCoreNanoSeconds().getValue();
      assertThat(frozenAt).isEqualTo(FromFiles.read(tree, CgroupVersion.V2, frozen.id()).cpuNanos());
      clock.advance(Duration.ofSeconds(30));
      tree.update(clock.instant());
      var later = byId(client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance())
          .getStatsList());
      assertThat(later.get(frozen.id()).getCpu().getUsageCoreNanoSeconds().getValue()).isEqualTo(frozenAt);
      assertThat(FromFiles.read(tree, CgroupVersion.V2, frozen.id()).cpuNanos()).isGreaterThan(frozenAt);

      server.faults().stopLying(inflated.id());
      var truthful = client.stub().containerStats(ContainerStatsRequest.newBuilder()
          .setContainerId(inflated.id()).build()).getStats();
      assertThat(FromFiles.of(truthful)).isEqualTo(FromFiles.read(tree, CgroupVersion.V2, inflated.id()));
    }
  }

  private static org.assertj.core.data.Offset<Double> withinBytes(double bytes) {
    return org.assertj.core.data.Offset.offset(bytes);
  }
}
