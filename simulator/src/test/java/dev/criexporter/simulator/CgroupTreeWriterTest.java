package dev.criexporter.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupTreeWriterTest {

  private static final Instant START = Instant.parse("2024-05-01T12:00:00Z");
  private static final Set<String> V2_CONTAINER_FILES = Set.of(
      "cgroup.procs", "cpu.max", "cpu.weight", "cpu.pressure", "cpu.stat", "io.pressure", "io.stat",
      "memory.current", "memory.events", "memory.high", "memory.low", "memory.max", "memory.min",
      "memory.peak", "memory.pressure",
      "memory.stat", "memory.swap.current", "memory.swap.max", "pids.current", "pids.max");
  private static final Map<String, Set<String>> V1_CONTAINER_FILES = Map.of(
      "cpu", Set.of("cgroup.procs", "cpu.cfs_period_us", "cpu.cfs_quota_us", "cpu.shares", "cpu.stat"),
      "cpuacct", Set.of("cgroup.procs", "cpuacct.stat", "cpuacct.usage"),
      "memory", Set.of("cgroup.procs", "memory.failcnt", "memory.limit_in_bytes", "memory.max_usage_in_bytes",
          "memory.stat", "memory.usage_in_bytes"),
      "pids", Set.of("cgroup.procs", "pids.current", "pids.max"),
      "blkio", Set.of("cgroup.procs", "blkio.throttle.io_service_bytes", "blkio.throttle.io_serviced"),
      "systemd", Set.of("cgroup.procs"),
      "unified", Set.of("cgroup.procs"));

  @TempDir
  Path root;

  private final ManualClock clock = new ManualClock(START);

  private SimulatedNode node(int pods, int perPod) {
    return SimulatedNode.builder().seed(21).pods(pods, perPod).clock(clock).build();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long stat(String text, String key) {
    return Arrays.stream(text.split("\n")).filter(l -> l.startsWith(key + " ")).findFirst()
        .map(l -> Long.parseLong(l.substring(key.length() + 1)))
        .orElseThrow(() -> new AssertionError("no " + key + " in\n" + text));
  }

  @Test
  void layoutsNameCgroupsLikeTheRuntimes() {
    SimulatedNode node = SimulatedNode.builder().seed(3).containers(300).clock(clock).build();
    SimPod burstable = node.pods().stream().filter(p -> p.qos() == QosClass.BURSTABLE).findFirst().orElseThrow();
    SimPod guaranteed = node.pods().stream().filter(p -> p.qos() == QosClass.GUARANTEED).findFirst().orElseThrow();
    SimPod bestEffort = node.pods().stream().filter(p -> p.qos() == QosClass.BEST_EFFORT).findFirst().orElseThrow();
    String b = burstable.uid();
    String bu = b.replace('-', '_');
    String g = guaranteed.uid();
    String id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    assertThat(CgroupLayout.CONTAINERD_SYSTEMD.containerPath(burstable, id)).isEqualTo(
        "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + bu + ".slice/cri-containerd-" + id
            + ".scope");
    assertThat(CgroupLayout.CONTAINERD_SYSTEMD.podPath(guaranteed))
        .isEqualTo("kubepods.slice/kubepods-pod" + g.replace('-', '_') + ".slice");
    assertThat(CgroupLayout.CONTAINERD_SYSTEMD.podPath(bestEffort)).startsWith(
        "kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod");
    assertThat(CgroupLayout.CONTAINERD_CGROUPFS.containerPath(burstable, id))
        .isEqualTo("kubepods/burstable/pod" + b + "/" + id);
    assertThat(CgroupLayout.CONTAINERD_CGROUPFS.podPath(guaranteed)).isEqualTo("kubepods/pod" + g);
    assertThat(CgroupLayout.CRIO_SYSTEMD.containerPath(burstable, id)).isEqualTo(
        "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + bu + ".slice/crio-" + id + ".scope");
    assertThat(CgroupLayout.CRIO_SYSTEMD_CRUN.processPath(burstable, id))
        .endsWith("/crio-" + id + ".scope/container");
    assertThat(CgroupLayout.CRIO_CGROUPFS.containerPath(burstable, id))
        .isEqualTo("kubepods/burstable/pod" + b + "/crio-" + id);

    assertThat(CgroupLayout.CONTAINERD_SYSTEMD.runtimeSpecCgroupsPath(burstable, id))
        .isEqualTo("kubepods-burstable-pod" + bu + ".slice:cri-containerd:" + id);
    assertThat(CgroupLayout.CONTAINERD_CGROUPFS.runtimeSpecCgroupsPath(burstable, id))
        .isEqualTo("/kubepods/burstable/pod" + b + "/" + id);
    assertThat(CgroupLayout.CRIO_SYSTEMD.runtimeSpecCgroupsPath(burstable, id))
        .isEqualTo("kubepods-burstable-pod" + bu + ".slice:crio:" + id);
    assertThat(CgroupLayout.CRIO_CGROUPFS.runtimeSpecCgroupsPath(burstable, id))
        .isEqualTo("/kubepods/burstable/pod" + b + "/crio-" + id);
  }

  @Test
  void v2TreeHasTheKernelsFilesAndTheModelsNumbers() {
    SimulatedNode node = node(3, 2);
    CgroupTreeWriter tree = CgroupTreeWriter.create(node, root, CgroupVersion.V2, CgroupLayout.CONTAINERD_SYSTEMD);
    tree.update(START);

    assertThat(read(root.resolve("cgroup.controllers"))).contains("cpu", "memory", "io", "pids");
    for (SimContainer c : node.containers()) {
      Path dir = tree.dir("", c.id());
      assertThat(dir).isDirectory();
      assertThat(list(dir)).isEqualTo(new TreeSet<>(V2_CONTAINER_FILES));
      CgroupSample s = c.sample(START);
      assertThat(read(dir.resolve("cpu.stat"))).isEqualTo(CgroupV2Files.cpuStat(s.cpu()));
      assertThat(read(dir.resolve("memory.stat"))).isEqualTo(CgroupV2Files.memoryStat(s.memory()));
      assertThat(read(dir.resolve("io.stat"))).isEqualTo(CgroupV2Files.ioStat(s.io()));
      assertThat(read(dir.resolve("cpu.max"))).isEqualTo(CgroupV2Files.cpuMax(c.profile().limits()));
      long current = Long.parseLong(read(dir.resolve("memory.current")).trim());
      assertThat(current).isEqualTo(s.memory().usage());
      assertThat(current - stat(read(dir.resolve("memory.stat")), "inactive_file"))
          .isEqualTo(s.memory().workingSet());
      assertThat(read(dir.resolve("cgroup.procs"))).startsWith(c.pid() + "\n");
    }
    for (SimPod pod : node.pods()) {
      Path podDir = tree.dir("", pod.uid());
      Path sandbox = tree.dir("", pod.sandboxId());
      assertThat(read(sandbox.resolve("cgroup.procs"))).isEqualTo(pod.sandboxPid() + "\n");
      assertThat(read(podDir.resolve("cgroup.procs"))).isEmpty();
      long podUsage = Long.parseLong(read(podDir.resolve("memory.current")).trim());
      long childUsage = Long.parseLong(read(sandbox.resolve("memory.current")).trim());
      for (SimContainer c : node.state().containersOf(pod.uid())) {
        childUsage += Long.parseLong(read(tree.dir("", c.id()).resolve("memory.current")).trim());
      }
      assertThat(podUsage).isEqualTo(childUsage);
      assertThat(podUsage).isEqualTo(node.state().podSample(pod, START, true).memory().usage());
    }
    long kubepodsCpu = stat(read(root.resolve("kubepods.slice/cpu.stat")), "usage_usec");
    assertThat(kubepodsCpu * 1_000).isEqualTo(node.state().kubepodsSample(START, true).cpu().usageNanos());
  }

  @Test
  void v1HybridTreeHasEveryHierarchy() {
    SimulatedNode node = node(2, 2);
    CgroupTreeWriter tree = CgroupTreeWriter.create(node, root, CgroupVersion.V1, CgroupLayout.CONTAINERD_CGROUPFS);
    tree.update(START);

    assertThat(read(root.resolve("unified/cgroup.controllers"))).isEmpty();
    SimContainer c = node.containers().get(0);
    SimPod pod = node.pod(c.podUid());
    String rel = tree.relativePath(c.id());
    assertThat(rel).isEqualTo(CgroupLayout.CONTAINERD_CGROUPFS.containerPath(pod, c.id()));
    for (String h : CgroupTreeWriter.V1_HIERARCHIES) {
      assertThat(list(root.resolve(h).resolve(rel))).as(h).isEqualTo(new TreeSet<>(V1_CONTAINER_FILES.get(h)));
    }
    CgroupSample s = c.sample(START);
    assertThat(read(tree.dir("cpuacct", c.id()).resolve("cpuacct.usage")))
        .isEqualTo(s.cpu().usageNanos() + "\n");
    String memoryStat = read(tree.dir("memory", c.id()).resolve("memory.stat"));
    assertThat(stat(memoryStat, "total_rss")).isEqualTo(s.memory().anon());
    long usage = Long.parseLong(read(tree.dir("memory", c.id()).resolve("memory.usage_in_bytes")).trim());
    assertThat(usage - stat(memoryStat, "total_inactive_file")).isEqualTo(s.memory().workingSet());

    String podStat = read(tree.dir("memory", pod.uid()).resolve("memory.stat"));
    assertThat(stat(podStat, "rss")).isZero();
    assertThat(stat(podStat, "total_rss")).isEqualTo(node.state().podSample(pod, START, true).memory().anon());
    c.profile().limits().memoryLimitBytes().ifPresent(limit ->
        assertThat(stat(memoryStat, "hierarchical_memory_limit")).isLessThanOrEqualTo(limit));
    assertThat(read(root.resolve("cpu/kubepods/cpu.shares"))).isEqualTo(node.cpus() * 1024 + "\n");
  }

  @Test
  void updateAdvancesCountersAndRewritesOnlyWhatChanged() throws IOException {
    SimulatedNode node = node(4, 2);
    CgroupTreeWriter tree = CgroupTreeWriter.create(node, root, CgroupVersion.V2, CgroupLayout.CONTAINERD_SYSTEMD);
    tree.update(START);
    SimContainer c = node.containers().get(1);
    Path cpuStat = tree.dir("", c.id()).resolve("cpu.stat");
    Path pidsMax = tree.dir("", c.id()).resolve("pids.max");
    long before = stat(read(cpuStat), "usage_usec");
    var settingsTime = Files.getLastModifiedTime(pidsMax);

    clock.advance(Duration.ofSeconds(30));
    tree.update(clock.instant());

    long after = stat(read(cpuStat), "usage_usec");
    assertThat(after).isGreaterThan(before);
    assertThat(after * 1_000).isEqualTo(c.sample(clock.instant()).cpu().usageNanos());
    assertThat(Files.getLastModifiedTime(pidsMax)).isEqualTo(settingsTime);
    assertThat(tree.lastUpdate()).isEqualTo(clock.instant());
    assertThat(tree.sampleClock().instantFor(c.id())).isEqualTo(clock.instant());
  }

  @Test
  void shorterContentIsNotLeftWithAStaleTail() {
    SimulatedNode node = node(1, 1);
    CgroupTreeWriter tree = CgroupTreeWriter.create(node, root, CgroupVersion.V2, CgroupLayout.CONTAINERD_SYSTEMD);
    tree.update(START);
    SimContainer c = node.containers().get(0);
    // Later instants first, then an early one: every counter file gets shorter or equal text.
    tree.update(START.plus(Duration.ofDays(30)));
    tree.update(START);
    assertThat(read(tree.dir("", c.id()).resolve("cpu.stat")))
        .isEqualTo(CgroupV2Files.cpuStat(c.sample(START).cpu()));
    assertThat(read(tree.dir("", c.id()).resolve("memory.stat")))
        .isEqualTo(CgroupV2Files.memoryStat(c.sample(START).memory()));
  }

  @Test
  void churnCreatesAndRemovesDirectories() {
    SimulatedNode node = node(3, 2);
    CgroupTreeWriter tree = CgroupTreeWriter.create(node, root, CgroupVersion.V1, CgroupLayout.CONTAINERD_SYSTEMD);
    tree.update(START);
    SimContainer old = node.containers().get(0);
    Path oldDir = tree.dir("memory", old.id());
    SimPod gone = node.pods().get(2);
    Path goneDir = tree.dir("cpu", gone.uid());
    assertThat(oldDir).isDirectory();
    assertThat(goneDir).isDirectory();

    clock.advance(Duration.ofSeconds(5));
    SimContainer fresh = node.restartContainer(old.id());
    node.removePod(gone.uid());
    SimPod added = node.addPod();
    tree.update(clock.instant());

    assertThat(oldDir).doesNotExist();
    assertThat(tree.dir("memory", fresh.id())).isDirectory();
    for (String h : CgroupTreeWriter.V1_HIERARCHIES) {
      assertThat(root.resolve(h).resolve(CgroupLayout.CONTAINERD_SYSTEMD.podPath(gone))).doesNotExist();
    }
    assertThat(tree.dir("pids", added.uid())).isDirectory();
    assertThat(read(tree.dir("cpuacct", fresh.id()).resolve("cpuacct.usage"))).isEqualTo("0\n");
  }

  @Test
  void ghostsAndVanishedCgroups() {
    SimulatedNode node = node(2, 2);
    CgroupTreeWriter tree = CgroupTreeWriter.create(node, root, CgroupVersion.V2, CgroupLayout.CONTAINERD_CGROUPFS);
    tree.update(START);
    String ghost = tree.addGhost();
    assertThat(ghost).matches("[0-9a-f]{64}");
    Path ghostDir = root.resolve(tree.relativePath(ghost));
    assertThat(ghostDir.getParent()).isEqualTo(root.resolve(tree.relativePath(node.pods().get(0).uid())));
    assertThat(ghostDir.resolve("cpu.stat")).isRegularFile();
    assertThat(node.state().container(ghost)).isEmpty();

    SimContainer c = node.containers().get(3);
    Path dir = tree.dir("", c.id());
    tree.vanish(c.id());
    assertThat(dir).doesNotExist();
    clock.advance(Duration.ofSeconds(10));
    tree.update(clock.instant());
    assertThat(dir).doesNotExist();
    assertThat(ghostDir.resolve("cpu.stat")).isRegularFile();
    assertThat(node.state().container(c.id())).isPresent();

    tree.removeGhost(ghost);
    assertThat(ghostDir).doesNotExist();
    assertThatThrownBy(() -> tree.vanish("nope")).hasMessageContaining("nope");
  }

  @Test
  void crioLayoutsHaveNoSandboxCgroupAndCrunAddsASubCgroup() {
    SimulatedNode node = node(2, 2);
    CgroupTreeWriter tree = CgroupTreeWriter.create(node, root, CgroupVersion.V2, CgroupLayout.CRIO_SYSTEMD_CRUN);
    tree.update(START);
    SimPod pod = node.pods().get(0);
    assertThat(root.resolve(CgroupLayout.CRIO_SYSTEMD_CRUN.containerPath(pod, pod.sandboxId()))).doesNotExist();
    SimContainer c = node.state().containersOf(pod.uid()).get(0);
    Path scope = tree.dir("", c.id());
    assertThat(scope.getFileName().toString()).isEqualTo("crio-" + c.id() + ".scope");
    assertThat(read(scope.resolve("cgroup.procs"))).isEmpty();
    assertThat(read(scope.resolve("container/cgroup.procs"))).startsWith(c.pid() + "\n");
    assertThat(read(scope.resolve("container/cpu.stat"))).isEqualTo(read(scope.resolve("cpu.stat")));
    long podUsage = Long.parseLong(read(tree.dir("", pod.uid()).resolve("memory.current")).trim());
    assertThat(podUsage).isEqualTo(node.state().podSample(pod, START, false).memory().usage());
  }

  @Test
  void atomicModeWritesTheSameTree(@TempDir Path other) {
    SimulatedNode node = node(2, 2);
    CgroupTreeWriter inPlace = CgroupTreeWriter.create(node, root, CgroupVersion.V2, CgroupLayout.CRIO_CGROUPFS);
    CgroupTreeWriter atomic = CgroupTreeWriter.create(node, other, CgroupVersion.V2, CgroupLayout.CRIO_CGROUPFS,
        CgroupTreeWriter.WriteMode.ATOMIC);
    inPlace.update(START);
    atomic.update(START);
    atomic.update(START.plusSeconds(60));
    inPlace.update(START.plusSeconds(60));
    for (SimContainer c : node.containers()) {
      Path a = inPlace.dir("", c.id());
      Path b = atomic.dir("", c.id());
      assertThat(list(b)).isEqualTo(list(a));
      for (String f : List.of("cpu.stat", "memory.stat", "io.stat", "memory.current")) {
        assertThat(read(b.resolve(f))).isEqualTo(read(a.resolve(f)));
      }
    }
  }
}
