package dev.criexporter.exporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.Promtool;
import dev.criexporter.exporter.check.CheckSettings;
import dev.criexporter.exporter.check.Finding;
import dev.criexporter.exporter.model.ContainerSample;
import dev.criexporter.exporter.model.NodeSnapshot;
import dev.criexporter.testsupport.containerd.PodSpec;
import dev.criexporter.testsupport.containerd.PrivateContainerd;
import dev.criexporter.testsupport.containerd.RunningPod;
import dev.criexporter.testsupport.containerd.Workloads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The exporter against a private, real containerd running a real pod: a CPU burner under a 50 %
 * CFS quota and a memory holder. Under CI=true it fails, not skips, if containerd cannot start.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class RealContainerdEndToEndTest {
  static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");
  static final Duration INTERVAL = Duration.ofSeconds(2);

  PrivateContainerd containerd;
  RunningPod pod;
  Exporter exporter;
  String url;
  String burner;
  String holder;

  @BeforeAll
  void start() throws Exception {
    Path work = Files.createTempDirectory("cri-exporter-e2e-");
    Files.delete(work);
    containerd = PrivateContainerd.startOrAbort(work);
    pod = containerd.pods().run(PodSpec.builder("shop-web-7d4b9c-x2x9z")
        .namespace("shop").uid(UUID.randomUUID().toString())
        .container(Workloads.cpuBurner("burner"))
        .container(Workloads.memoryHolder("holder"))
        .build());
    burner = pod.containerId("burner");
    holder = pod.containerId("holder");
    exporter = Exporter.start(ExporterConfig.builder()
        .listen(new InetSocketAddress("127.0.0.1", 0))
        .criEndpoint(containerd.endpoint())
        .pollInterval(INTERVAL).criTimeout(Duration.ofSeconds(2))
        .crossCheck(new CheckSettings(CheckSettings.DEFAULTS.memoryBytes(),
            CheckSettings.DEFAULTS.memoryRatio(), CheckSettings.DEFAULTS.cpuSlack(),
            Duration.ZERO))
        .build());
    assertThat(exporter.awaitFirstPoll(30, TimeUnit.SECONDS)).isTrue();
    url = "http://127.0.0.1:" + exporter.port() + "/metrics";
    // The memory holder needs a moment to write its 50 MiB to /dev/shm.
    await().atMost(Duration.ofSeconds(20)).until(
        () -> workingSet(sample(exporter.pollNow(), holder)) > 45 << 20);
  }

  @AfterAll
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
    if (containerd != null) {
      containerd.close();
      assertThat(containerd.remainingPodCgroupDirectories()).isEmpty();
      assertThat(containerd.liveShims()).isEmpty();
    }
  }

  static ContainerSample sample(NodeSnapshot s, String id) {
    return s.containers().stream().filter(c -> c.identity().id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("container " + id + " not in snapshot"));
  }

  static long workingSet(ContainerSample c) {
    return c.cri().getMemory().getWorkingSetBytes().getValue();
  }

  public static long cgroupWorkingSet(String relative) throws IOException {
    Path dir = MEMORY.resolve(relative.substring(1));
    long usage = Long.parseLong(Files.readString(dir.resolve("memory.usage_in_bytes")).trim());
    long inactive = Files.readAllLines(dir.resolve("memory.stat")).stream()
        .filter(l -> l.startsWith("total_inactive_file ")).mapToLong(l -> Long.parseLong(l.split(" ")[1]))
        .findFirst().orElseThrow();
    return Math.max(0, usage - inactive);
  }

  @Test
  @Order(1)
  void seriesCarryThePodsAndContainersLabels() throws Exception {
    Scrape s = Scrape.of(url);
    assertThat(s.value("cri_runtime_up")).isEqualTo(1);
    assertThat(s.find("cri_runtime_info", "runtime", "containerd", "api_version", "v1",
        "endpoint", containerd.endpoint())).hasSize(1);
    for (String name : List.of("burner", "holder")) {
      String id = pod.containerId(name);
      var cpu = s.find("container_cpu_usage_seconds_total", "container", name);
      assertThat(cpu).singleElement().satisfies(x -> {
        assertThat(x.label("namespace")).isEqualTo("shop");
        assertThat(x.label("pod")).isEqualTo("shop-web-7d4b9c-x2x9z");
        assertThat(x.label("image")).isEqualTo(containerd.imageRef());
        assertThat(x.label("name")).isEqualTo(id);
        assertThat(x.label("id")).isEqualTo(pod.containerCgroupPath(name));
        assertThat(x.label("cpu")).isEqualTo("total");
      });
      assertThat(s.find("container_memory_working_set_bytes", "container", name)).hasSize(1);
      assertThat(s.find("container_memory_usage_bytes", "container", name)).hasSize(1);
    }
    // The sandbox (pause) is not a container series by default.
    assertThat(s.find("container_cpu_usage_seconds_total", "container", "POD")).isEmpty();
    assertThat(s.find("container_spec_cpu_quota", "container", "burner").get(0).value())
        .isEqualTo(50_000);
    Promtool.checkMetrics(s.text());
  }

  @Test
  @Order(2)
  void cpuCounterRisesAtTheQuotaRate() throws Exception {
    ContainerSample a = sample(exporter.pollNow(), burner);
    Thread.sleep(4_000);
    ContainerSample b = sample(exporter.pollNow(), burner);
    double cpu = (b.cri().getCpu().getUsageCoreNanoSeconds().getValue()
        - a.cri().getCpu().getUsageCoreNanoSeconds().getValue()) / 1e9;
    double seconds = (b.cri().getCpu().getTimestamp() - a.cri().getCpu().getTimestamp()) / 1e9;
    double rate = cpu / seconds;
    System.out.printf("burner CPU rate %.3f cores over %.2f s (quota 0.5)%n", rate, seconds);
    assertThat(rate).isBetween(0.30, 0.55);
  }

  @Test
  @Order(3)
  void workingSetLiesBetweenTheCgroupReadingsAroundThePoll() throws Exception {
    String path = pod.containerCgroupPath("holder");
    for (int i = 0; i < 5; i++) {
      long before = cgroupWorkingSet(path);
      ContainerSample c = sample(exporter.pollNow(), holder);
      long after = cgroupWorkingSet(path);
      assertThat(workingSet(c)).isBetween(Math.min(before, after), Math.max(before, after));
    }
  }

  @Test
  @Order(4)
  void noFalseAlarmsOverThirtyPolls() throws Exception {
    for (int i = 0; i < 30; i++) {
      NodeSnapshot s = exporter.pollNow();
      for (String id : List.of(burner, holder)) {
        ContainerSample c = sample(s, id);
        assertThat(c.findings()).as("poll %d, %s", i, c.identity().container())
            .extracting(Finding::resource).hasSize(4);
        assertThat(c.findings()).as("poll %d, %s", i, c.identity().container())
            .allSatisfy(f -> assertThat(f.verdict()).as(f.toString())
                .isEqualTo(Finding.Verdict.AGREE));
      }
      assertThat(s.check().missingCgroups()).isEmpty();
      assertThat(s.check().ghosts()).noneMatch(g -> g.relativePath().contains(pod.uid()));
      Thread.sleep(100);
    }
    Scrape s = Scrape.of(url);
    assertThat(s.find("cri_crosscheck_failures_total")).allSatisfy(
        x -> assertThat(x.value()).as(x.labels().toString()).isZero());
    assertThat(s.value("cri_crosscheck_checks_total", "resource", "cpu")).isGreaterThanOrEqualTo(60);
    assertThat(s.value("cri_crosscheck_missing_cgroups")).isZero();
  }

  @Test
  @Order(5)
  void aHandMadeContainerCgroupIsAGhostUntilRemoved() throws Exception {
    String ghostId = "0123456789abcdef".repeat(4);
    Path ghost = MEMORY.resolve(pod.cgroupParent().substring(1)).resolve(ghostId);
    Files.createDirectory(ghost);
    try {
      exporter.pollNow();
      NodeSnapshot s = exporter.pollNow();
      assertThat(s.check().ghosts()).anySatisfy(g -> assertThat(g.containerId()).isEqualTo(ghostId));
      Scrape scrape = Scrape.of(url);
      assertThat(scrape.find("cri_crosscheck_ghost_cgroup", "id", ghostId)).hasSize(1);
      assertThat(scrape.value("cri_crosscheck_ghost_cgroups")).isGreaterThanOrEqualTo(1);
    } finally {
      Files.delete(ghost);
    }
    NodeSnapshot s = exporter.pollNow();
    assertThat(s.check().ghosts()).noneMatch(g -> g.containerId().equals(ghostId));
    assertThat(Scrape.of(url).find("cri_crosscheck_ghost_cgroup", "id", ghostId)).isEmpty();
  }

  @Test
  @Order(6)
  void removedPodsSeriesVanishWithinOneInterval() throws Exception {
    assertThat(Scrape.of(url).find("container_cpu_usage_seconds_total", "pod", pod.name()))
        .hasSize(2);
    containerd.pods().remove(pod);
    long removed = System.nanoTime();
    await().atMost(INTERVAL.plusMillis(1500)).pollInterval(Duration.ofMillis(100)).until(
        () -> Scrape.of(url).find("container_cpu_usage_seconds_total", "pod", pod.name())
            .isEmpty());
    System.out.printf("series gone %d ms after the pod was removed (interval %d ms)%n",
        (System.nanoTime() - removed) / 1_000_000, INTERVAL.toMillis());
    assertThat(Scrape.of(url).value("cri_crosscheck_missing_cgroups")).isZero();
  }
}
