package dev.criexporter.exporter.doctor;

import dev.criexporter.cri.v1.PodSandboxStatsFilter;
import dev.criexporter.cri.v1.ContainerStatsFilter;
import dev.criexporter.cri.CriClient;
import dev.criexporter.cri.CriException;
import dev.criexporter.cri.RuntimeIdentity;
import dev.criexporter.cri.v1.Container;
import dev.criexporter.cri.v1.ContainerState;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.ContainerStatusResponse;
import dev.criexporter.cri.v1.ListMetricDescriptorsResponse;
import dev.criexporter.cri.v1.MetricDescriptor;
import dev.criexporter.cri.v1.PodSandbox;
import dev.criexporter.cri.v1.PodSandboxStats;
import dev.criexporter.cri.v1.RuntimeCondition;
import dev.criexporter.cri.v1.RuntimeStatus;
import dev.criexporter.cri.v1.StatusResponse;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A runtime answering from fields a test sets: identity, Status, lists; chosen calls fail. */
final class FakeCri implements CriClient {
  static final String ENDPOINT = "unix:///run/containerd/containerd.sock";

  RuntimeIdentity identity = new RuntimeIdentity("containerd", "1.7.13", "v1", ENDPOINT);
  final Map<String, String> info = new HashMap<>();
  final Map<String, Boolean> conditions = new HashMap<>(Map.of(
      "RuntimeReady", true, "NetworkReady", true));
  final Set<String> unimplemented = new HashSet<>();
  final Map<String, CriException.Kind> failing = new HashMap<>();
  final List<Container> containers = new ArrayList<>();
  final List<PodSandbox> sandboxes = new ArrayList<>();
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  int descriptors = 3;
  boolean closed;

  /** containerd's verbose Status config: the default runtime runc with this driver. */
  static String containerdConfig(boolean systemdCgroup, String snapshotter) {
    return "{\"containerd\":{\"snapshotter\":\"" + snapshotter + "\","
        + "\"defaultRuntimeName\":\"runc\",\"runtimes\":{\"runc\":{"
        + "\"runtimeType\":\"io.containerd.runc.v2\",\"options\":{\"SystemdCgroup\":"
        + systemdCgroup + "}}}},\"systemdCgroup\":false,\"sandboxImage\":"
        + "\"registry.k8s.io/pause:3.9\"}";
  }

  FakeCri containerd(boolean systemdCgroup, String snapshotter) {
    info.put("config", containerdConfig(systemdCgroup, snapshotter));
    return this;
  }

  FakeCri crio(String version) {
    identity = new RuntimeIdentity("cri-o", version, "v1", "unix:///var/run/crio/crio.sock");
    info.put("config", "{\"sandboxImage\":\"registry.k8s.io/pause:3.9\"}");
    return this;
  }

  FakeCri container(String id, String sandboxId, boolean running) {
    containers.add(Container.newBuilder().setId(id).setPodSandboxId(sandboxId)
        .setState(running ? ContainerState.CONTAINER_RUNNING : ContainerState.CONTAINER_EXITED)
        .build());
    return this;
  }

  FakeCri sandbox(String id) {
    sandboxes.add(PodSandbox.newBuilder().setId(id).build());
    return this;
  }

  private void call(String method) {
    calls.add(method);
    CriException.Kind kind = failing.get(method);
    if (kind == null && unimplemented.contains(method)) {
      kind = CriException.Kind.UNIMPLEMENTED;
    }
    if (kind != null) {
      Status.Code code = kind == CriException.Kind.UNIMPLEMENTED ? Status.Code.UNIMPLEMENTED
          : kind == CriException.Kind.UNAVAILABLE ? Status.Code.UNAVAILABLE : Status.Code.INTERNAL;
      String message = kind == CriException.Kind.UNIMPLEMENTED
          ? "unknown method " + method + " for service runtime.v1.RuntimeService"
          : "connection refused";
      throw new CriException(kind, method, code, message, null);
    }
  }

  @Override
  public RuntimeIdentity version() {
    call("Version");
    return identity;
  }

  @Override
  public StatusResponse status(boolean verbose) {
    call("Status");
    RuntimeStatus.Builder s = RuntimeStatus.newBuilder();
    conditions.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.reverseOrder()))
        .forEach(e -> s.addConditions(RuntimeCondition.newBuilder().setType(e.getKey())
            .setStatus(e.getValue())
            .setReason(e.getValue() ? "" : "NetworkPluginNotReady")
            .setMessage(e.getValue() ? "" : "Network plugin returns error: cni plugin not"
                + " initialized")));
    StatusResponse.Builder b = StatusResponse.newBuilder().setStatus(s);
    if (verbose) {
      b.putAllInfo(info);
    }
    return b.build();
  }

  @Override
  public List<PodSandbox> listPodSandboxes() {
    call("ListPodSandbox");
    return List.copyOf(sandboxes);
  }

  @Override
  public List<Container> listContainers(boolean runningOnly) {
    call("ListContainers");
    return containers.stream()
        .filter(c -> !runningOnly || c.getState() == ContainerState.CONTAINER_RUNNING).toList();
  }

  @Override
  public ContainerStatusResponse containerStatus(String containerId, boolean verbose) {
    call("ContainerStatus");
    throw new UnsupportedOperationException("the doctor does not ask for container status");
  }

  @Override
  public List<ContainerStats> listContainerStats() {
    call("ListContainerStats");
    return containers.stream().filter(c -> c.getState() == ContainerState.CONTAINER_RUNNING)
        .map(c -> ContainerStats.getDefaultInstance()).toList();
  }

  @Override
  public List<ContainerStats> listContainerStats(ContainerStatsFilter filter) {
    return listContainerStats();
  }

  @Override
  public List<PodSandboxStats> listPodSandboxStats(PodSandboxStatsFilter filter) {
    return listPodSandboxStats();
  }

  @Override
  public List<PodSandboxStats> listPodSandboxStats() {
    call("ListPodSandboxStats");
    return sandboxes.stream().map(s -> PodSandboxStats.getDefaultInstance()).toList();
  }

  @Override
  public ListMetricDescriptorsResponse listMetricDescriptors() {
    call("ListMetricDescriptors");
    ListMetricDescriptorsResponse.Builder b = ListMetricDescriptorsResponse.newBuilder();
    for (int i = 0; i < descriptors; i++) {
      b.addDescriptors(MetricDescriptor.newBuilder().setName("container_metric_" + i));
    }
    return b.build();
  }

  @Override
  public String endpoint() {
    return identity.endpoint();
  }

  @Override
  public void close() {
    closed = true;
  }
}
