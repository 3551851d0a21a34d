package dev.criexporter.exporter.poll;

import dev.criexporter.cri.v1.PodSandboxStatsFilter;
import dev.criexporter.cri.v1.ContainerStatsFilter;
import dev.criexporter.cri.CriClient;
import dev.criexporter.cri.CriException;
import dev.criexporter.cri.RuntimeIdentity;
import dev.criexporter.cri.v1.Container;
import dev.criexporter.cri.v1.ContainerAttributes;
import dev.criexporter.cri.v1.ContainerMetadata;
import dev.criexporter.cri.v1.ContainerState;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.ContainerStatus;
import dev.criexporter.cri.v1.ContainerStatusResponse;
import dev.criexporter.cri.v1.CpuUsage;
import dev.criexporter.cri.v1.ImageSpec;
import dev.criexporter.cri.v1.ListMetricDescriptorsResponse;
import dev.criexporter.cri.v1.MemoryUsage;
import dev.criexporter.cri.v1.PodSandbox;
import dev.criexporter.cri.v1.PodSandboxStats;
import dev.criexporter.cri.v1.StatusResponse;
import dev.criexporter.cri.v1.UInt64Value;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory CriClient whose answers a test sets directly. */
public class ScriptedCriClient implements CriClient {
  public final Map<String, Container> containers = new LinkedHashMap<>();
  public final Map<String, ContainerStats> stats = new LinkedHashMap<>();
  final List<String> statusNotFound = new ArrayList<>();
  final Map<String, AtomicInteger> calls = new LinkedHashMap<>();
  CriException failWith;

  public static String id(int n) {
    return String.format("%064x", n);
  }

  public void add(int n, String pod, String ns, String name, long cpuNanos, long workingSet) {
    String id = id(n);
    containers.put(id, Container.newBuilder().setId(id).setPodSandboxId(id(1000 + n))
        .setMetadata(ContainerMetadata.newBuilder().setName(name))
        .setImage(ImageSpec.newBuilder().setImage("sha256:" + "b".repeat(64)))
        .setState(ContainerState.CONTAINER_RUNNING)
        .putLabels(Poller.POD_NAME, pod).putLabels(Poller.POD_NAMESPACE, ns)
        .putLabels(Poller.POD_UID, "uid-" + n).putLabels(Poller.CONTAINER_NAME, name).build());
    stats.put(id, ContainerStats.newBuilder()
        .setAttributes(ContainerAttributes.newBuilder().setId(id))
        .setCpu(CpuUsage.newBuilder().setTimestamp(1)
            .setUsageCoreNanoSeconds(UInt64Value.newBuilder().setValue(cpuNanos)))
        .setMemory(MemoryUsage.newBuilder().setTimestamp(1)
            .setWorkingSetBytes(UInt64Value.newBuilder().setValue(workingSet))
            .setUsageBytes(UInt64Value.newBuilder().setValue(workingSet + 100)))
        .build());
  }

  private void count(String m) {
    calls.computeIfAbsent(m, k -> new AtomicInteger()).incrementAndGet();
    if (failWith != null) {
      throw failWith;
    }
  }

  public int calls(String m) {
    AtomicInteger n = calls.get(m);
    return n == null ? 0 : n.get();
  }

  @Override
  public RuntimeIdentity version() {
    count("Version");
    return new RuntimeIdentity("containerd", "1.6.20~ds1", "v1", "unix:///test.sock");
  }

  @Override
  public StatusResponse status(boolean verbose) {
    count("Status");
    return StatusResponse.getDefaultInstance();
  }

  @Override
  public List<PodSandbox> listPodSandboxes() {
    count("ListPodSandbox");
    return List.of();
  }

  @Override
  public List<Container> listContainers(boolean runningOnly) {
    count("ListContainers");
    return List.copyOf(containers.values());
  }

  @Override
  public ContainerStatusResponse containerStatus(String containerId, boolean verbose) {
    count("ContainerStatus");
    if (statusNotFound.contains(containerId) || !containers.containsKey(containerId)) {
      throw new CriException(CriException.Kind.NOT_FOUND, "ContainerStatus",
          Status.Code.NOT_FOUND, "no such container", null);
    }
    String json = "{\"pid\":42,\"runtimeSpec\":{\"linux\":{\"cgroupsPath\":"
        + "\"/kubepods/burstable/pod-x/" + containerId + "\"}}}";
    return ContainerStatusResponse.newBuilder()
        .setStatus(ContainerStatus.newBuilder().setId(containerId)
            .setImage(ImageSpec.newBuilder().setImage("docker.io/library/app:1"))
            .setStartedAt(1_700_000_000_000_000_000L))
        .putInfo("info", json).build();
  }

  @Override
  public List<ContainerStats> listContainerStats() {
    count("ListContainerStats");
    return List.copyOf(stats.values());
  }

  @Override
  public List<ContainerStats> listContainerStats(ContainerStatsFilter filter) {
    count("ListContainerStats");
    return stats.values().stream().filter(s -> s.getAttributes().getId().startsWith(filter.getId()))
        .toList();
  }

  @Override
  public List<PodSandboxStats> listPodSandboxStats() {
    count("ListPodSandboxStats");
    return List.of();
  }

  @Override
  public List<PodSandboxStats> listPodSandboxStats(PodSandboxStatsFilter filter) {
    count("ListPodSandboxStats");
    return List.of();
  }

  @Override
  public ListMetricDescriptorsResponse listMetricDescriptors() {
    count("ListMetricDescriptors");
    throw new CriException(CriException.Kind.UNIMPLEMENTED, "ListMetricDescriptors",
        Status.Code.UNIMPLEMENTED, "", null);
  }

  @Override
  public String endpoint() {
    return "unix:///test.sock";
  }

  @Override
  public void close() {
  }
}
