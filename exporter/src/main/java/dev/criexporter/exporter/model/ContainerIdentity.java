package dev.criexporter.exporter.model;

import java.util.Map;

/**
 * Who a container is, in the terms kubelet's cAdvisor endpoint labels it with.
 *
 * @param id the runtime's container id (64 hex characters for containerd and CRI-O)
 * @param container the Kubernetes container name ({@code io.kubernetes.container.name})
 * @param pod the pod name
 * @param namespace the pod namespace
 * @param podUid the pod UID
 * @param sandboxId the runtime's pod sandbox id
 * @param image the image as the user specified it (e.g. {@code docker.io/library/nginx:1.27})
 * @param cgroupPath the container's cgroup path relative to the cgroup root, starting with
 *     {@code /} (cAdvisor's {@code id} label), or empty when unknown
 * @param attempt the restart attempt the runtime reports
 * @param createdAtNanos creation time, nanoseconds since the epoch (0 when unknown)
 * @param startedAtNanos start time, nanoseconds since the epoch (0 when unknown)
 * @param podLabels the pod's labels as the runtime reports them (only allow-listed ones are exported)
 */
public record ContainerIdentity(
    String id,
    String container,
    String pod,
    String namespace,
    String podUid,
    String sandboxId,
    String image,
    String cgroupPath,
    int attempt,
    long createdAtNanos,
    long startedAtNanos,
    Map<String, String> podLabels) {

  public ContainerIdentity {
    podLabels = Map.copyOf(podLabels);
  }

  /** A copy with another cgroup path. */
  public ContainerIdentity withCgroupPath(String path) {
    return new ContainerIdentity(id, container, pod, namespace, podUid, sandboxId, image, path,
        attempt, createdAtNanos, startedAtNanos, podLabels);
  }
}
