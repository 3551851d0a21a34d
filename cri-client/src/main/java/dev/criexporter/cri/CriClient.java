package dev.criexporter.cri;

import dev.criexporter.cri.v1.Container;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.ContainerStatsFilter;
import dev.criexporter.cri.v1.ContainerStatusResponse;
import dev.criexporter.cri.v1.ListMetricDescriptorsResponse;
import dev.criexporter.cri.v1.PodSandbox;
import dev.criexporter.cri.v1.PodSandboxStats;
import dev.criexporter.cri.v1.PodSandboxStatsFilter;
import dev.criexporter.cri.v1.StatusResponse;
import java.util.List;

/**
 * The read-only view of a container runtime that the exporter needs. Every call carries a
 * deadline; every failure is a {@link CriException}. There is deliberately no way to create, stop
 * or change anything through this interface.
 */
public interface CriClient extends AutoCloseable {

  /** {@code Version}: who is answering. */
  RuntimeIdentity version();

  /** {@code Status}: runtime conditions, and runtime-specific config with {@code verbose}. */
  StatusResponse status(boolean verbose);

  /** {@code ListPodSandbox}: every sandbox, any state. */
  List<PodSandbox> listPodSandboxes();

  /** {@code ListContainers}: containers; only running ones when {@code runningOnly}. */
  List<Container> listContainers(boolean runningOnly);

  /** {@code ContainerStatus}: one container; runtime details in {@code info} with {@code verbose}. */
  ContainerStatusResponse containerStatus(String containerId, boolean verbose);

  /** {@code ListContainerStats}: stats of every container the runtime has stats for. */
  List<ContainerStats> listContainerStats();

  /**
   * {@code ListContainerStats} for the containers {@code filter} selects (a container id, a pod
   * sandbox id): to isolate a container whose stats make the whole answer fail.
   */
  List<ContainerStats> listContainerStats(ContainerStatsFilter filter);

  /** {@code ListPodSandboxStats}: per-pod stats (network, processes, pod-level cpu/memory). */
  List<PodSandboxStats> listPodSandboxStats();

  /** {@code ListPodSandboxStats} for the sandboxes {@code filter} selects. */
  List<PodSandboxStats> listPodSandboxStats(PodSandboxStatsFilter filter);

  /** {@code ListMetricDescriptors}: the runtime's own metric catalogue (containerd 2.2+). */
  ListMetricDescriptorsResponse listMetricDescriptors();

  /** The endpoint currently in use, or a description of what was tried. */
  String endpoint();

  @Override
  void close();
}
