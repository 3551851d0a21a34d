package dev.criexporter.testsupport.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cri.v1.ContainerConfig;
import dev.criexporter.cri.v1.NamespaceMode;
import dev.criexporter.cri.v1.PodSandboxConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The CRI requests built for a pod, checked without a runtime. */
class TestPodsTest {

  private static final Path LOGS = Path.of("/tmp/w/pod-logs");

  private final List<String> tracked = new ArrayList<>();
  private final TestPods pods = new TestPods(() -> {
    throw new AssertionError("no runtime in this test");
  }, "docker.io/library/img:1", LOGS, tracked::add, Path.of("/tmp/w/containerd.log"));

  private final PodSpec spec = PodSpec.builder("web")
      .namespace("shop")
      .uid("0d3c1a2b-aaaa-bbbb-cccc-1234567890ab")
      .label("app", "web")
      .container(Workloads.cpuBurner("burner"))
      .build();

  @Test
  void sandboxLooksLikeKubeletsHostNetworkPod() {
    PodSandboxConfig config = TestPods.sandboxConfig(spec, LOGS.resolve("x"));

    assertThat(config.getMetadata().getName()).isEqualTo("web");
    assertThat(config.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(config.getMetadata().getUid()).isEqualTo(spec.uid());
    assertThat(config.getHostname()).as("runc refuses a hostname without a UTS namespace").isEmpty();
    assertThat(config.getLabelsMap())
        .containsEntry(TestPods.POD_NAME_LABEL, "web")
        .containsEntry(TestPods.POD_NAMESPACE_LABEL, "shop")
        .containsEntry(TestPods.POD_UID_LABEL, spec.uid())
        .containsEntry("app", "web");
    assertThat(config.getLinux().getCgroupParent()).isEqualTo("/kubepods/burstable/pod" + spec.uid());
    assertThat(config.getLinux().getSecurityContext().getNamespaceOptions().getNetwork()).isEqualTo(NamespaceMode.NODE);
    assertThat(config.getLogDirectory()).isEqualTo(LOGS.resolve("x").toString());
  }

  @Test
  void containerCarriesKubeletLabelsResourcesAndALogPathPerAttempt() {
    RunningPod pod = new RunningPod(spec, "sandbox-id", TestPods.sandboxConfig(spec, LOGS), LOGS, Duration.ZERO);

    ContainerConfig config = pods.containerConfig(pod, Workloads.cpuBurner("burner"), 2);

    assertThat(config.getMetadata().getName()).isEqualTo("burner");
    assertThat(config.getMetadata().getAttempt()).isEqualTo(2);
    assertThat(config.getImage().getImage()).isEqualTo("docker.io/library/img:1");
    assertThat(config.getCommandList()).containsExactly("/bin/sh", "-c", "while :; do :; done");
    assertThat(config.getLabelsMap())
        .containsEntry(TestPods.CONTAINER_NAME_LABEL, "burner")
        .containsEntry(TestPods.POD_NAME_LABEL, "web")
        .containsEntry(TestPods.POD_NAMESPACE_LABEL, "shop")
        .containsEntry(TestPods.POD_UID_LABEL, spec.uid())
        .doesNotContainKey("app");
    assertThat(config.getLinux().getResources().getCpuQuota()).isEqualTo(50_000);
    assertThat(config.getLinux().getResources().getCpuPeriod()).isEqualTo(100_000);
    assertThat(config.getLinux().getResources().getMemoryLimitInBytes()).isZero();
    assertThat(config.getLinux().getSecurityContext().getNamespaceOptions().getNetwork()).isEqualTo(NamespaceMode.NODE);
    assertThat(config.getLogPath()).isEqualTo("burner/2.log");
  }

  @Test
  void environmentAndMemoryLimitReachTheRequest() {
    RunningPod pod = new RunningPod(spec, "sandbox-id", TestPods.sandboxConfig(spec, LOGS), LOGS, Duration.ZERO);

    ContainerConfig config = pods.containerConfig(pod, Workloads.memoryHolder("holder").toBuilder()
        .env("MODE", "hold").build(), 0);

    assertThat(config.getLinux().getResources().getMemoryLimitInBytes()).isEqualTo(Workloads.HOLDER_MEMORY_LIMIT_BYTES);
    assertThat(config.getEnvsList()).singleElement().satisfies(kv -> {
      assertThat(kv.getKey()).isEqualTo("MODE");
      assertThat(kv.getValue().toStringUtf8()).isEqualTo("hold");
    });
  }

  @Test
  void qosClassesFollowKubeletsCgroupLayout() {
    assertThat(QosClass.GUARANTEED.cgroupParent("u")).isEqualTo("/kubepods/podu");
    assertThat(QosClass.BURSTABLE.cgroupParent("u")).isEqualTo("/kubepods/burstable/podu");
    assertThat(QosClass.BEST_EFFORT.cgroupParent("u")).isEqualTo("/kubepods/besteffort/podu");
    assertThat(PodCgroups.isPodCgroup(QosClass.GUARANTEED.cgroupParent("u"))).isTrue();
  }

  @Test
  void runningPodKnowsItsContainersByName() {
    RunningPod pod = new RunningPod(spec, "sandbox-id", TestPods.sandboxConfig(spec, LOGS), LOGS, Duration.ZERO);
    pod.recordContainer("burner", 0, "c1", new RunningPod.ContainerTimes(Duration.ZERO, Duration.ZERO));
    assertThat(pod.nextAttempt("burner")).isEqualTo(1);
    pod.recordContainer("burner", 1, "c2", new RunningPod.ContainerTimes(Duration.ZERO, Duration.ZERO));

    assertThat(pod.containerId("burner")).isEqualTo("c2");
    assertThat(pod.containerCgroupPath("burner")).isEqualTo(spec.cgroupParent() + "/c2");
    assertThat(pod.sandboxCgroupPath()).isEqualTo(spec.cgroupParent() + "/sandbox-id");
    assertThat(pod.containerLog("burner")).isEqualTo(LOGS.resolve("burner/1.log"));
    assertThatThrownBy(() -> pod.containerId("other"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("[burner]");
  }

  @Test
  void specsRejectWhatKubernetesWouldNot() {
    assertThatThrownBy(() -> PodSpec.builder("p").container(Workloads.idleSleeper("a"))
        .container(Workloads.idleSleeper("a")).build())
        .hasMessageContaining("two containers named a");
    assertThatThrownBy(() -> PodSpec.builder("p").uid("../x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContainerSpec.builder("c").cpuQuota(50_000, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Workloads.exitsAfter("c", Duration.ofMillis(10), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exitingWorkloadRunsThenExitsWithItsCode() {
    assertThat(Workloads.exitsAfter("c", Duration.ofSeconds(3), 7).command())
        .containsExactly("/bin/sh", "-c", "sleep 3; exit 7");
  }
}
