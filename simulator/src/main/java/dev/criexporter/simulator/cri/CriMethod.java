package dev.criexporter.simulator.cri;

import java.util.Optional;

/** The RuntimeService calls a fake runtime knows, by their gRPC names. */
public enum CriMethod {
  VERSION("Version"),
  STATUS("Status"),
  LIST_POD_SANDBOX("ListPodSandbox"),
  POD_SANDBOX_STATUS("PodSandboxStatus"),
  LIST_CONTAINERS("ListContainers"),
  CONTAINER_STATUS("ContainerStatus"),
  CONTAINER_STATS("ContainerStats"),
  LIST_CONTAINER_STATS("ListContainerStats"),
  POD_SANDBOX_STATS("PodSandboxStats"),
  LIST_POD_SANDBOX_STATS("ListPodSandboxStats"),
  LIST_METRIC_DESCRIPTORS("ListMetricDescriptors"),
  LIST_POD_SANDBOX_METRICS("ListPodSandboxMetrics"),
  RUN_POD_SANDBOX("RunPodSandbox"),
  STOP_POD_SANDBOX("StopPodSandbox"),
  REMOVE_POD_SANDBOX("RemovePodSandbox"),
  CREATE_CONTAINER("CreateContainer"),
  START_CONTAINER("StartContainer"),
  STOP_CONTAINER("StopContainer"),
  REMOVE_CONTAINER("RemoveContainer");

  static final String SERVICE = "runtime.v1.RuntimeService";

  private final String rpcName;

  CriMethod(String rpcName) {
    this.rpcName = rpcName;
  }

  /** The method's name within the service, {@code ListContainerStats}. */
  public String rpcName() {
    return rpcName;
  }

  /** The full gRPC method name, {@code runtime.v1.RuntimeService/ListContainerStats}. */
  public String fullName() {
    return SERVICE + "/" + rpcName;
  }

  /** The method with this full gRPC name, if it is one of RuntimeService's. */
  public static Optional<CriMethod> ofFullName(String fullName) {
    for (CriMethod m : values()) {
      if (m.fullName().equals(fullName)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
