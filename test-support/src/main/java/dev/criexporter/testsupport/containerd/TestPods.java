package dev.criexporter.testsupport.containerd;

import com.google.protobuf.ByteString;
import dev.criexporter.cri.v1.ContainerConfig;
import dev.criexporter.cri.v1.ContainerMetadata;
import dev.criexporter.cri.v1.CreateContainerRequest;
import dev.criexporter.cri.v1.ImageSpec;
import dev.criexporter.cri.v1.KeyValue;
import dev.criexporter.cri.v1.LinuxContainerConfig;
import dev.criexporter.cri.v1.LinuxContainerResources;
import dev.criexporter.cri.v1.LinuxContainerSecurityContext;
import dev.criexporter.cri.v1.LinuxPodSandboxConfig;
import dev.criexporter.cri.v1.LinuxSandboxSecurityContext;
import dev.criexporter.cri.v1.NamespaceMode;
import dev.criexporter.cri.v1.NamespaceOption;
import dev.criexporter.cri.v1.PodSandboxConfig;
import dev.criexporter.cri.v1.PodSandboxMetadata;
import dev.criexporter.cri.v1.RemoveContainerRequest;
import dev.criexporter.cri.v1.RemovePodSandboxRequest;
import dev.criexporter.cri.v1.RunPodSandboxRequest;
import dev.criexporter.cri.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub;
import dev.criexporter.cri.v1.StartContainerRequest;
import dev.criexporter.cri.v1.StopContainerRequest;
import dev.criexporter.cri.v1.StopPodSandboxRequest;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates pods and containers through the CRI as kubelet does, in a {@link PrivateContainerd}.
 *
 * <p>Pods use the host network (no CNI needed; the hostname stays empty, as runc requires
 * without a UTS namespace) and kubelet's cgroupfs layout ({@code /kubepods/<qos>/pod<uid>}).
 * Sandboxes carry the labels {@code io.kubernetes.pod.name}, {@code io.kubernetes.pod.namespace}
 * and {@code io.kubernetes.pod.uid}; containers carry those plus
 * {@code io.kubernetes.container.name}. Container output goes to
 * {@code <pod log dir>/<container>/<attempt>.log}.
 *
 * <p>Stopping uses short timeouts: a shell running as PID 1 ignores SIGTERM, so a stop with a
 * grace period always waits all of it.
 */
public final class TestPods {

  public static final String POD_NAME_LABEL = "io.kubernetes.pod.name";
  public static final String POD_NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
  public static final String POD_UID_LABEL = "io.kubernetes.pod.uid";
  public static final String CONTAINER_NAME_LABEL = "io.kubernetes.container.name";

  private static final Logger LOG = LoggerFactory.getLogger(TestPods.class);
  private static final Duration RPC_DEADLINE = Duration.ofSeconds(30);

  private final Supplier<RuntimeServiceBlockingStub> runtime;
  private final String imageRef;
  private final Path podLogRoot;
  private final Consumer<String> cgroupTracker;
  private final Path containerdLog;

  TestPods(Supplier<RuntimeServiceBlockingStub> runtime, String imageRef, Path podLogRoot,
       Consumer<String> cgroupTracker, Path containerdLog) {
    this.runtime = runtime;
    this.imageRef = imageRef;
    this.podLogRoot = podLogRoot;
    this.cgroupTracker = cgroupTracker;
    this.containerdLog = containerdLog;
  }

  /**
   * Runs the pod sandbox, then creates and starts each container in order. If a step fails,
   * the sandbox is removed again before the exception is thrown.
   *
   * @throws IllegalStateException if the runtime refuses a step (the message names it)
   */
  public RunningPod run(PodSpec spec) {
    cgroupTracker.accept(spec.cgroupParent());
    Path logDirectory = podLogRoot.resolve(spec.namespace() + "_" + spec.name() + "_" + spec.uid());
    try {
      Files.createDirectories(logDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create pod log directory " + logDirectory, e);
    }
    PodSandboxConfig sandboxConfig = sandboxConfig(spec, logDirectory);
    long started = System.nanoTime();
    String sandboxId = call("RunPodSandbox for pod " + spec.namespace() + "/" + spec.name(), () -> stub()
        .runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(sandboxConfig).build())
        .getPodSandboxId());
    Duration runTime = Duration.ofNanos(System.nanoTime() - started);
    RunningPod pod = new RunningPod(spec, sandboxId, sandboxConfig, logDirectory, runTime);
    LOG.info("RunPodSandbox {}/{} -> {} in {} ms", spec.namespace(), spec.name(), shortId(sandboxId), runTime.toMillis());
    try {
      for (ContainerSpec container : spec.containers()) {
        addContainer(pod, container);
      }
    } catch (RuntimeException e) {
      try {
        remove(pod);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return pod;
  }

  /**
   * Creates and starts a container in {@code pod}. A name used before in this pod gets the next
   * attempt number, as kubelet does when it restarts a container.
   *
   * @return the new container's id
   */
  public String addContainer(RunningPod pod, ContainerSpec spec) {
    int attempt = pod.nextAttempt(spec.name());
    ContainerConfig config = containerConfig(pod, spec, attempt);
    String what = "container " + spec.name() + " in pod " + pod.namespace() + "/" + pod.name();
    long started = System.nanoTime();
    String id = call("CreateContainer for " + what, () -> stub()
        .createContainer(CreateContainerRequest.newBuilder()
            .setPodSandboxId(pod.podSandboxId())
            .setConfig(config)
            .setSandboxConfig(pod.sandboxConfig())
            .build())
        .getContainerId());
    long created = System.nanoTime();
    call("StartContainer for " + what, () -> stub()
        .startContainer(StartContainerRequest.newBuilder().setContainerId(id).build()));
    long running = System.nanoTime();
    RunningPod.ContainerTimes times = new RunningPod.ContainerTimes(
        Duration.ofNanos(created - started), Duration.ofNanos(running - created));
    pod.recordContainer(spec.name(), attempt, id, times);
    LOG.info("{} -> {}: created in {} ms, started in {} ms", what, shortId(id), times.create().toMillis(),
        times.start().toMillis());
    return id;
  }

  /** Stops a container, waiting at most {@code timeout} after SIGTERM before SIGKILL (zero kills at once). */
  public void stopContainer(String containerId, Duration timeout) {
    call("StopContainer " + containerId, () -> stub(timeout.plus(RPC_DEADLINE))
        .stopContainer(StopContainerRequest.newBuilder()
            .setContainerId(containerId)
            .setTimeout(timeout.toSeconds())
            .build()));
  }

  /** Removes a container (stopping it at once if it still runs). */
  public void removeContainer(String containerId) {
    call("RemoveContainer " + containerId, () -> stub()
        .removeContainer(RemoveContainerRequest.newBuilder().setContainerId(containerId).build()));
  }

  /** Stops the sandbox; containerd kills its containers at once. */
  public void stop(RunningPod pod) {
    call("StopPodSandbox " + pod.podSandboxId(), () -> stub()
        .stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(pod.podSandboxId()).build()));
  }

  /** Stops and removes the sandbox and its containers. The pod cgroup directories are left to {@link PrivateContainerd#close()}. */
  public void remove(RunningPod pod) {
    stop(pod);
    call("RemovePodSandbox " + pod.podSandboxId(), () -> stub()
        .removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod.podSandboxId()).build()));
    LOG.info("removed pod {}/{} ({})", pod.namespace(), pod.name(), shortId(pod.podSandboxId()));
  }

  static PodSandboxConfig sandboxConfig(PodSpec spec, Path logDirectory) {
    return PodSandboxConfig.newBuilder()
        .setMetadata(PodSandboxMetadata.newBuilder()
            .setName(spec.name())
            .setNamespace(spec.namespace())
            .setUid(spec.uid())
            .setAttempt(0))
        .setLogDirectory(logDirectory.toString())
        .putAllLabels(spec.labels())
        .putAllLabels(podLabels(spec.name(), spec.namespace(), spec.uid()))
        .setLinux(LinuxPodSandboxConfig.newBuilder()
            .setCgroupParent(spec.cgroupParent())
            .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                .setNamespaceOptions(hostNetwork())))
        .build();
  }

  ContainerConfig containerConfig(RunningPod pod, ContainerSpec spec, int attempt) {
    LinuxContainerResources.Builder resources = LinuxContainerResources.newBuilder();
    spec.cpuQuota().ifPresent(resources::setCpuQuota);
    spec.cpuPeriod().ifPresent(resources::setCpuPeriod);
    spec.cpuShares().ifPresent(resources::setCpuShares);
    spec.memoryLimitBytes().ifPresent(resources::setMemoryLimitInBytes);
    ContainerConfig.Builder config = ContainerConfig.newBuilder()
        .setMetadata(ContainerMetadata.newBuilder().setName(spec.name()).setAttempt(attempt))
        .setImage(ImageSpec.newBuilder().setImage(imageRef))
        .addAllCommand(spec.command())
        .addAllArgs(spec.args())
        .setLogPath(spec.name() + "/" + attempt + ".log")
        .putAllLabels(spec.labels())
        .putAllLabels(podLabels(pod.name(), pod.namespace(), pod.uid()))
        .putLabels(CONTAINER_NAME_LABEL, spec.name())
        .setLinux(LinuxContainerConfig.newBuilder()
            .setResources(resources)
            .setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                .setNamespaceOptions(hostNetwork())));
    spec.environment().forEach((key, value) -> config.addEnvs(KeyValue.newBuilder()
        .setKey(key)
        .setValue(ByteString.copyFromUtf8(value))));
    return config.build();
  }

  private static Map<String, String> podLabels(String name, String namespace, String uid) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(POD_NAME_LABEL, name);
    labels.put(POD_NAMESPACE_LABEL, namespace);
    labels.put(POD_UID_LABEL, uid);
    return labels;
  }

  /** Host network, a PID namespace per container and a shared IPC namespace: kubelet's hostNetwork pod. */
  private static NamespaceOption hostNetwork() {
    return NamespaceOption.newBuilder()
        .setNetwork(NamespaceMode.NODE)
        .setPid(NamespaceMode.CONTAINER)
        .setIpc(NamespaceMode.POD)
        .build();
  }

  private RuntimeServiceBlockingStub stub() {
    return stub(RPC_DEADLINE);
  }

  private RuntimeServiceBlockingStub stub(Duration deadline) {
    return runtime.get().withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private <T> T call(String what, Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw new IllegalStateException(what + " failed: " + e.getStatus() + " (containerd log: " + containerdLog + ")", e);
    }
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
