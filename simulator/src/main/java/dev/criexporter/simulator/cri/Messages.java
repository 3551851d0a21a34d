package dev.criexporter.simulator.cri;

import dev.criexporter.cri.v1.Container;
import dev.criexporter.cri.v1.ContainerAttributes;
import dev.criexporter.cri.v1.ContainerMetadata;
import dev.criexporter.cri.v1.ContainerResources;
import dev.criexporter.cri.v1.ContainerState;
import dev.criexporter.cri.v1.ContainerStatus;
import dev.criexporter.cri.v1.ImageSpec;
import dev.criexporter.cri.v1.LinuxContainerResources;
import dev.criexporter.cri.v1.PodSandbox;
import dev.criexporter.cri.v1.PodSandboxAttributes;
import dev.criexporter.cri.v1.PodSandboxMetadata;
import dev.criexporter.cri.v1.PodSandboxState;
import dev.criexporter.cri.v1.PodSandboxStatus;
import dev.criexporter.simulator.CgroupLimits;
import dev.criexporter.simulator.QosClass;
import dev.criexporter.simulator.SimContainer;
import dev.criexporter.simulator.SimPod;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the CRI's identity messages (containers, sandboxes, their labels and annotations) from the node. */
final class Messages {

  static final String HUGE_LABEL = "example.com/oversized";

  private final RuntimePersonality personality;
  private final Faults faults;

  Messages(RuntimePersonality personality, Faults faults) {
    this.personality = personality;
    this.faults = faults;
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** The labels the kubelet gives a container, which the runtime echoes back. */
  Map<String, String> containerLabels(SimPod pod, SimContainer c) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("io.kubernetes.container.name", c.name());
    labels.put("io.kubernetes.pod.name", pod.name());
    labels.put("io.kubernetes.pod.namespace", pod.namespace());
    labels.put("io.kubernetes.pod.uid", pod.uid());
    addHugeLabel(labels);
    return labels;
  }

  /** The annotations the kubelet gives a container. */
  static Map<String, String> containerAnnotations(SimContainer c) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("io.kubernetes.container.hash", Long.toHexString(c.seed() & 0xFFFF_FFFFL));
    a.put("io.kubernetes.container.restartCount", Integer.toString(c.attempt()));
    a.put("io.kubernetes.container.terminationMessagePath", "/dev/termination-log");
    a.put("io.kubernetes.container.terminationMessagePolicy", "File");
    a.put("io.kubernetes.pod.terminationGracePeriod", "30");
    return a;
  }

  Map<String, String> sandboxLabels(SimPod pod) {
    Map<String, String> labels = new LinkedHashMap<>(pod.labels());
    labels.put("io.kubernetes.pod.name", pod.name());
    labels.put("io.kubernetes.pod.namespace", pod.namespace());
    labels.put("io.kubernetes.pod.uid", pod.uid());
    addHugeLabel(labels);
    return labels;
  }

  static Map<String, String> sandboxAnnotations(SimPod pod) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("kubernetes.io/config.seen", pod.createdAt().toString());
    a.put("kubernetes.io/config.source", "api");
    return a;
  }

  Container container(SimPod pod, SimContainer c) {
    return Container.newBuilder()
        .setId(c.id())
        .setPodSandboxId(c.sandboxId())
        .setMetadata(metadata(c))
        // The kubelet creates containers by image id, and runtimes list them that way.
        .setImage(ImageSpec.newBuilder().setImage(c.image().id()).setUserSpecifiedImage(c.image().name()))
        .setImageRef(c.image().id())
        .setState(ContainerState.CONTAINER_RUNNING)
        .setCreatedAt(nanos(c.createdAt()))
        .putAllLabels(containerLabels(pod, c))
        .putAllAnnotations(containerAnnotations(c))
        .build();
  }

  ContainerStatus containerStatus(SimPod pod, SimContainer c) {
    CgroupLimits l = c.profile().limits();
    LinuxContainerResources.Builder resources = LinuxContainerResources.newBuilder()
        .setCpuPeriod(l.cpuPeriodMicros())
        .setCpuQuota(l.cpuQuotaMicros().orElse(0))
        .setCpuShares(l.cpuShares())
        .setMemoryLimitInBytes(l.memoryLimitBytes().orElse(0))
        .setOomScoreAdj(oomScoreAdj(pod.qos()));
    ContainerStatus.Builder b = ContainerStatus.newBuilder()
        .setId(c.id())
        .setMetadata(metadata(c))
        .setState(ContainerState.CONTAINER_RUNNING)
        .setCreatedAt(nanos(c.createdAt()))
        .setStartedAt(nanos(c.startedAt()))
        // Status shows the image by its tag and its repository digest.
        .setImage(ImageSpec.newBuilder().setImage(c.image().name()).setUserSpecifiedImage(c.image().name()))
        .setImageRef(c.image().digest())
        .setReason("")
        .putAllLabels(containerLabels(pod, c))
        .putAllAnnotations(containerAnnotations(c))
        .setLogPath(logPath(pod, c))
        .setResources(ContainerResources.newBuilder().setLinux(resources));
    if (personality.reportsImageId()) {
      b.setImageId(c.image().id());
    }
    return b.build();
  }

  PodSandbox sandbox(SimPod pod) {
    return PodSandbox.newBuilder()
        .setId(pod.sandboxId())
        .setMetadata(sandboxMetadata(pod))
        .setState(PodSandboxState.SANDBOX_READY)
        .setCreatedAt(nanos(pod.createdAt()))
        .putAllLabels(sandboxLabels(pod))
        .putAllAnnotations(sandboxAnnotations(pod))
        .build();
  }

  PodSandboxStatus sandboxStatus(SimPod pod) {
    return PodSandboxStatus.newBuilder()
        .setId(pod.sandboxId())
        .setMetadata(sandboxMetadata(pod))
        .setState(PodSandboxState.SANDBOX_READY)
        .setCreatedAt(nanos(pod.createdAt()))
        .putAllLabels(sandboxLabels(pod))
        .putAllAnnotations(sandboxAnnotations(pod))
        .build();
  }

  ContainerAttributes containerAttributes(SimPod pod, SimContainer c) {
    return ContainerAttributes.newBuilder()
        .setId(c.id())
        .setMetadata(metadata(c))
        .putAllLabels(containerLabels(pod, c))
        .putAllAnnotations(containerAnnotations(c))
        .build();
  }

  PodSandboxAttributes sandboxAttributes(SimPod pod) {
    return PodSandboxAttributes.newBuilder()
        .setId(pod.sandboxId())
        .setMetadata(sandboxMetadata(pod))
        .putAllLabels(sandboxLabels(pod))
        .putAllAnnotations(sandboxAnnotations(pod))
        .build();
  }

  static ContainerMetadata metadata(SimContainer c) {
    return ContainerMetadata.newBuilder().setName(c.name()).setAttempt(c.attempt()).build();
  }

  static PodSandboxMetadata sandboxMetadata(SimPod pod) {
    return PodSandboxMetadata.newBuilder().setName(pod.name()).setUid(pod.uid()).setNamespace(pod.namespace())
        .setAttempt(0).build();
  }

  static String logPath(SimPod pod, SimContainer c) {
    return "/var/log/pods/" + pod.namespace() + "_" + pod.name() + "_" + pod.uid() + "/" + c.name() + "/"
        + c.attempt() + ".log";
  }

  /** The OOM score the kubelet gives a container of this QoS class (burstable: a mid value). */
  static long oomScoreAdj(QosClass qos) {
    return switch (qos) {
      case GUARANTEED -> -997;
      case BURSTABLE -> 500;
      case BEST_EFFORT -> 1000;
    };
  }

  private void addHugeLabel(Map<String, String> labels) {
    int bytes = faults.hugeLabelBytes();
    if (bytes > 0) {
      labels.put(HUGE_LABEL, "x".repeat(bytes));
    }
  }
}
