package dev.criexporter.simulator.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cri.v1.ContainerFilter;
import dev.criexporter.cri.v1.ContainerStatusRequest;
import dev.criexporter.cri.v1.ContainerStatusResponse;
import dev.criexporter.cri.v1.ListContainerStatsRequest;
import dev.criexporter.cri.v1.ListContainersRequest;
import dev.criexporter.cri.v1.ListMetricDescriptorsRequest;
import dev.criexporter.cri.v1.ListPodSandboxMetricsRequest;
import dev.criexporter.cri.v1.ListPodSandboxRequest;
import dev.criexporter.cri.v1.ListPodSandboxStatsRequest;
import dev.criexporter.cri.v1.PodSandboxStatusRequest;
import dev.criexporter.cri.v1.RunPodSandboxRequest;
import dev.criexporter.cri.v1.StatusRequest;
import dev.criexporter.cri.v1.VersionRequest;
import dev.criexporter.cri.v1.VersionResponse;
import dev.criexporter.simulator.CgroupLayout;
import dev.criexporter.simulator.CgroupTreeWriter;
import dev.criexporter.simulator.CgroupVersion;
import dev.criexporter.simulator.ManualClock;
import dev.criexporter.simulator.SimContainer;
import dev.criexporter.simulator.SimPod;
import dev.criexporter.simulator.SimulatedNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FakeCriServerTest {

  private static final Instant START = Instant.parse("2024-05-01T12:00:00Z");

  @TempDir
  Path host;

  private final ManualClock clock = new ManualClock(START);
  private final SimulatedNode node = SimulatedNode.builder().seed(5).containers(40).clock(clock).build();

  static Stream<RuntimePersonality> personalities() {
    return Stream.of(RuntimePersonality.CONTAINERD, RuntimePersonality.CRIO);
  }

  static Stream<Arguments> personalitiesAndLayouts() {
    return Stream.of(
        Arguments.of(RuntimePersonality.CONTAINERD, CgroupLayout.CONTAINERD_SYSTEMD),
        Arguments.of(RuntimePersonality.CONTAINERD, CgroupLayout.CONTAINERD_CGROUPFS),
        Arguments.of(RuntimePersonality.CRIO, CgroupLayout.CRIO_SYSTEMD),
        Arguments.of(RuntimePersonality.CRIO, CgroupLayout.CRIO_SYSTEMD_CRUN),
        Arguments.of(RuntimePersonality.CRIO, CgroupLayout.CRIO_CGROUPFS));
  }

  private FakeCriServer start(RuntimePersonality personality) throws IOException {
    return FakeCriServer.builder(node).personality(personality).hostRoot(host).start();
  }

  @ParameterizedTest
  @MethodSource("personalities")
  void versionAnswersAsTheRuntimeOnItsSocket(RuntimePersonality personality) throws Exception {
    try (FakeCriServer server = start(personality); CriTestClient client = new CriTestClient(server.socketPath())) {
      assertThat(server.socketPath()).isEqualTo(host.resolve(personality.socketPath()));
      VersionResponse v = client.stub().version(VersionRequest.getDefaultInstance());
      assertThat(v.getVersion()).isEqualTo("0.1.0");
      assertThat(v.getRuntimeName()).isEqualTo(personality.runtimeName());
      assertThat(v.getRuntimeVersion()).isEqualTo(personality.runtimeVersion());
      assertThat(v.getRuntimeApiVersion()).isEqualTo("v1");
      assertThat(client.stub().status(StatusRequest.getDefaultInstance()).getStatus().getConditionsList())
          .allSatisfy(c -> assertThat(c.getStatus()).isTrue())
          .extracting(c -> c.getType()).containsExactly("RuntimeReady", "NetworkReady");
    }
  }

  @Test
  void theTwoPersonalitiesDiffer() {
    assertThat(RuntimePersonality.CONTAINERD.runtimeName()).isEqualTo("containerd");
    assertThat(RuntimePersonality.CONTAINERD.runtimeVersion()).isEqualTo("1.6.20~ds1");
    assertThat(RuntimePersonality.CONTAINERD.socketPath()).isEqualTo("run/containerd/containerd.sock");
    assertThat(RuntimePersonality.CRIO.runtimeName()).isEqualTo("cri-o");
    assertThat(RuntimePersonality.CRIO.runtimeVersion()).startsWith("1.3");
    assertThat(RuntimePersonality.CRIO.socketPath()).isEqualTo("run/crio/crio.sock");
    assertThat(RuntimePersonality.CRIO.defaultLayout().sandboxCgroups()).isFalse();
    assertThat(RuntimePersonality.CONTAINERD.defaultLayout().sandboxCgroups()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("personalities")
  void listsMatchTheNodeAndSandboxesAreNotContainers(RuntimePersonality personality) throws Exception {
    try (FakeCriServer server = start(personality); CriTestClient client = new CriTestClient(server.socketPath())) {
      var containers = client.stub().listContainers(ListContainersRequest.getDefaultInstance())
          .getContainersList();
      var sandboxes = client.stub().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList();
      var stats = client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance()).getStatsList();
      var podStats = client.stub().listPodSandboxStats(ListPodSandboxStatsRequest.getDefaultInstance())
          .getStatsList();

      assertThat(containers).hasSize(node.containers().size());
      assertThat(stats).hasSize(node.containers().size());
      assertThat(sandboxes).hasSize(node.pods().size());
      assertThat(podStats).hasSize(node.pods().size());
      Set<String> sandboxIds = new HashSet<>();
      sandboxes.forEach(s -> sandboxIds.add(s.getId()));
      assertThat(containers).noneMatch(c -> sandboxIds.contains(c.getId()));
      assertThat(containers).allSatisfy(c -> {
        assertThat(sandboxIds).contains(c.getPodSandboxId());
        assertThat(c.getLabelsMap()).containsKeys("io.kubernetes.container.name", "io.kubernetes.pod.name",
            "io.kubernetes.pod.namespace", "io.kubernetes.pod.uid");
        assertThat(c.getImageRef()).startsWith("sha256:");
      });
      assertThat(podStats.stream().mapToInt(p -> p.getLinux().getContainersCount()).sum())
          .isEqualTo(node.containers().size());
    }
  }

  @Test
  void filtersSelectByPodAndLabel() throws Exception {
    try (FakeCriServer server = start(RuntimePersonality.CONTAINERD);
        CriTestClient client = new CriTestClient(server.socketPath())) {
      SimPod pod = node.pods().get(2);
      var inPod = client.stub().listContainers(ListContainersRequest.newBuilder()
          .setFilter(ContainerFilter.newBuilder().setPodSandboxId(pod.sandboxId())).build());
      assertThat(inPod.getContainersList()).extracting(c -> c.getId())
          .containsExactlyElementsOf(
              node.state().containersOf(pod.uid()).stream().map(SimContainer::id).toList());
      var byLabel = client.stub().listContainers(ListContainersRequest.newBuilder()
          .setFilter(ContainerFilter.newBuilder().putLabelSelector("io.kubernetes.pod.name", pod.name()))
          .build());
      assertThat(byLabel.getContainersCount()).isEqualTo(inPod.getContainersCount());
    }
  }

  @ParameterizedTest
  @MethodSource("personalitiesAndLayouts")
  void verboseStatusNamesTheCgroupTheTreeHas(RuntimePersonality personality, CgroupLayout layout) throws Exception {
    CgroupTreeWriter tree = CgroupTreeWriter.create(node, host.resolve("sys/fs/cgroup"), CgroupVersion.V2, layout);
    tree.update(START);
    try (FakeCriServer server = FakeCriServer.builder(node).personality(personality).layout(layout)
        .hostRoot(host).start(); CriTestClient client = new CriTestClient(server.socketPath())) {
      for (SimContainer c : node.containers().subList(0, 5)) {
        ContainerStatusResponse r = client.stub().containerStatus(ContainerStatusRequest.newBuilder()
            .setContainerId(c.id()).setVerbose(true).build());
        assertThat(r.getStatus().getId()).isEqualTo(c.id());
        assertThat(r.getStatus().getMetadata().getName()).isEqualTo(c.name());
        String info = r.getInfoOrThrow("info");
        assertThat(json(info, "pid")).isEqualTo(Long.toString(c.pid()));
        String cgroupsPath = json(info, "cgroupsPath");
        Path dir = host.resolve("sys/fs/cgroup").resolve(expand(cgroupsPath));
        assertThat(dir).as(cgroupsPath).isDirectory().isEqualTo(tree.dir("", c.id()));
        if (personality.flavor() == RuntimePersonality.Flavor.CONTAINERD) {
          assertThat(info).contains("\"snapshotter\":\"overlayfs\"",
              "\"runtimeType\":\"io.containerd.runc.v2\"",
              "\"io.kubernetes.cri.sandbox-id\":\"" + c.sandboxId() + "\"");
          assertThat(r.getStatus().getImageId()).isEmpty();
        } else {
          assertThat(info).contains("\"privileged\":false", "\"io.kubernetes.cri-o.ContainerID\":\"" + c.id())
              .doesNotContain("snapshotter");
          assertThat(r.getStatus().getImageId()).isEqualTo(c.image().id());
        }
      }
      SimPod pod = node.pods().get(0);
      var sandbox = client.stub().podSandboxStatus(PodSandboxStatusRequest.newBuilder()
          .setPodSandboxId(pod.sandboxId()).setVerbose(true).build());
      assertThat(sandbox.getStatus().getMetadata().getUid()).isEqualTo(pod.uid());
      assertThat(json(sandbox.getInfoOrThrow("info"), "pid"))
          .isEqualTo(layout.sandboxCgroups() ? Long.toString(pod.sandboxPid()) : "0");
    }
  }

  @ParameterizedTest
  @MethodSource("personalities")
  void unknownIdsAreNotFound(RuntimePersonality personality) throws Exception {
    try (FakeCriServer server = start(personality); CriTestClient client = new CriTestClient(server.socketPath())) {
      String id = "f".repeat(64);
      assertThatThrownBy(() -> client.stub().containerStatus(
          ContainerStatusRequest.newBuilder().setContainerId(id).build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.getStatus().getDescription()).contains(id);
          });
      assertThatThrownBy(() -> client.stub().podSandboxStatus(
          PodSandboxStatusRequest.newBuilder().setPodSandboxId(id).build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
  }

  @Test
  void metricsCallsAreUnimplementedUnlessEnabled() throws Exception {
    try (FakeCriServer server = start(RuntimePersonality.CONTAINERD);
        CriTestClient client = new CriTestClient(server.socketPath())) {
      var descriptorsRequest = ListMetricDescriptorsRequest.getDefaultInstance();
      var metricsRequest = ListPodSandboxMetricsRequest.getDefaultInstance();
      assertThatThrownBy(() -> client.stub().listMetricDescriptors(descriptorsRequest))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
      assertThatThrownBy(() -> client.stub().listPodSandboxMetrics(metricsRequest))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }
    try (FakeCriServer server = FakeCriServer.builder(node)
        .personality(RuntimePersonality.CONTAINERD.withMetricsApi(true).withVersion("2.2.0"))
        .socket(host.resolve("other/containerd.sock")).start();
        CriTestClient client = new CriTestClient(server.socketPath())) {
      var descriptors = client.stub().listMetricDescriptors(ListMetricDescriptorsRequest.getDefaultInstance());
      assertThat(descriptors.getDescriptorsList()).extracting(d -> d.getName())
          .contains("container_memory_working_set_bytes");
      var metrics = client.stub().listPodSandboxMetrics(ListPodSandboxMetricsRequest.getDefaultInstance());
      assertThat(metrics.getPodMetricsCount()).isEqualTo(node.pods().size());
      SimContainer c = node.containers().get(0);
      var ws = metrics.getPodMetricsList().stream().flatMap(p -> p.getContainerMetricsList().stream())
          .filter(m -> m.getContainerId().equals(c.id())).findFirst().orElseThrow()
          .getMetricsList().stream().filter(m -> m.getName().equals("container_memory_working_set_bytes"))
          .findFirst().orElseThrow();
      assertThat(ws.getValue().getValue()).isEqualTo(c.sample(START).memory().workingSet());
      assertThat(ws.getLabelValuesCount()).isEqualTo(descriptors.getDescriptors(0).getLabelKeysCount());
    }
  }

  @Test
  void callsAreCountedPerMethodIncludingUnimplementedOnes() throws Exception {
    try (FakeCriServer server = start(RuntimePersonality.CONTAINERD);
        CriTestClient client = new CriTestClient(server.socketPath())) {
      for (int i = 0; i < 3; i++) {
        client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance());
      }
      client.stub().version(VersionRequest.getDefaultInstance());
      assertThatThrownBy(() -> client.stub().runPodSandbox(RunPodSandboxRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
      assertThat(server.calls(CriMethod.LIST_CONTAINER_STATS)).isEqualTo(3);
      assertThat(server.calls(CriMethod.VERSION)).isEqualTo(1);
      assertThat(server.calls(CriMethod.RUN_POD_SANDBOX)).isEqualTo(1);
      assertThat(server.calls(CriMethod.LIST_CONTAINERS)).isZero();
      assertThat(server.totalCalls()).isEqualTo(5);
      server.resetCallCounts();
      assertThat(server.callCounts().values()).containsOnly(0L);
    }
  }

  @Test
  void restartsOnTheSameSocketAndCloseRemovesIt() throws Exception {
    FakeCriServer server = start(RuntimePersonality.CRIO);
    try (CriTestClient client = new CriTestClient(server.socketPath())) {
      assertThat(client.stub().version(VersionRequest.getDefaultInstance()).getRuntimeName()).isEqualTo("cri-o");
      server.stop();
      assertThat(server.isRunning()).isFalse();
      assertThat(server.socketPath()).doesNotExist();
      assertThatThrownBy(() -> client.stub().version(VersionRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      server.start();
      // The same channel reconnects once the socket is back.
      assertThat(client.stub().withWaitForReady().version(VersionRequest.getDefaultInstance()).getRuntimeName())
          .isEqualTo("cri-o");
      server.restart();
      assertThat(client.stub().withWaitForReady().version(VersionRequest.getDefaultInstance()).getRuntimeName())
          .isEqualTo("cri-o");
    } finally {
      server.close();
    }
    assertThat(server.socketPath()).doesNotExist();
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void replacesAStaleSocketAndRejectsOverlongPaths() throws Exception {
    Path socket = host.resolve("run/containerd/containerd.sock");
    NotACriServer.leaveStaleSocket(socket);
    assertThat(socket).exists();
    try (FakeCriServer server = start(RuntimePersonality.CONTAINERD);
        CriTestClient client = new CriTestClient(server.socketPath())) {
      assertThat(client.stub().version(VersionRequest.getDefaultInstance()).getRuntimeName())
          .isEqualTo("containerd");
    }
    Path tooLong = host.resolve("x".repeat(110) + ".sock");
    assertThatThrownBy(() -> FakeCriServer.builder(node).socket(tooLong).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("107");
    assertThatThrownBy(() -> FakeCriServer.builder(node).build()).isInstanceOf(IllegalStateException.class);
    Files.createDirectories(host.resolve("dir.sock"));
    assertThatThrownBy(() -> FakeCriServer.builder(node).socket(host.resolve("dir.sock")).start())
        .isInstanceOf(IOException.class).hasMessageContaining("directory");
  }

  @Test
  void churnWhileServingNeverBreaksAnAnswer() throws Exception {
    try (FakeCriServer server = start(RuntimePersonality.CONTAINERD);
        CriTestClient client = new CriTestClient(server.socketPath())) {
      var churner = java.util.concurrent.CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 200; i++) {
          node.churn(2, 1);
        }
      });
      int answers = 0;
      while (!churner.isDone() || answers < 20) {
        var pods = client.stub().listPodSandboxStats(ListPodSandboxStatsRequest.getDefaultInstance())
            .getStatsList();
        // Each answer is one consistent view: every pod with its full set of containers.
        assertThat(pods).allSatisfy(p -> assertThat(p.getLinux().getContainersCount()).isPositive());
        assertThat(client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance())
            .getStatsCount()).isPositive();
        answers++;
      }
      churner.get();
      assertThat(client.stub().listContainers(ListContainersRequest.getDefaultInstance()).getContainersCount())
          .isEqualTo(node.containers().size());
    }
  }

  /** A string or number member of a compact JSON document, found by name. */
  static String json(String doc, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(\"([^\"]*)\"|(-?\\d+))").matcher(doc);
    if (!m.find()) {
      throw new AssertionError("no " + name + " in " + doc);
    }
    return m.group(2) != null ? m.group(2) : m.group(3);
  }

  /**
   * A runtime spec's cgroupsPath as a path under the cgroup root: cgroupfs paths as they are, systemd's
   * {@code slice:prefix:name} expanded the way systemd nests slices ({@code a-b.slice} lives in {@code a.slice}).
   */
  static String expand(String cgroupsPath) {
    if (cgroupsPath.startsWith("/")) {
      return cgroupsPath.substring(1);
    }
    String[] parts = cgroupsPath.split(":");
    String slice = parts[0].substring(0, parts[0].length() - ".slice".length());
    StringBuilder path = new StringBuilder();
    List<String> words = List.of(slice.split("-"));
    for (int i = 1; i <= words.size(); i++) {
      path.append(String.join("-", words.subList(0, i))).append(".slice/");
    }
    return path + parts[1] + "-" + parts[2] + ".scope";
  }
}
