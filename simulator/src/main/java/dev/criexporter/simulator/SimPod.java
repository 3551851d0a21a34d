package dev.criexporter.simulator;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One pod and its sandbox, with the metadata a kubelet gives the runtime.
 *
 * @param uid          pod UID (a UUID)
 * @param name         pod name, such as {@code checkout-api-7d9f8b6c5d-x2kqz}
 * @param namespace    Kubernetes namespace
 * @param app          the workload the pod belongs to ({@code app.kubernetes.io/name})
 * @param qos          QoS class, which decides the pod's cgroup parent
 * @param sandboxId    64-hex id of the pod sandbox
 * @param sandboxPid   host PID of the sandbox's pause process
 * @param createdAt    when the sandbox was created
 * @param hostNetwork  whether the pod uses the node's network namespace (no pod network statistics)
 * @param labels       the pod's own labels (without the {@code io.kubernetes.*} labels the kubelet adds)
 * @param seed         per-pod seed for the simulated network traffic
 */
public record SimPod(
    String uid,
    String name,
    String namespace,
    String app,
    QosClass qos,
    String sandboxId,
    long sandboxPid,
    Instant createdAt,
    boolean hostNetwork,
    Map<String, String> labels,
    long seed) {

  public SimPod {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(qos, "qos");
    Objects.requireNonNull(sandboxId, "sandboxId");
    Objects.requireNonNull(createdAt, "createdAt");
    labels = Map.copyOf(labels);
  }

  private static final WorkloadProfile PAUSE = WorkloadProfile.pause();

  /** Statistics of the sandbox's own cgroup (the pause process), where the runtime gives it one. */
  public CgroupSample sandboxSample(Instant at) {
    return WorkloadModel.sample(PAUSE, createdAt, seed ^ 0x5A5A5A5A5A5A5A5AL, at);
  }

  /** Counters of the pod's network interface; none for a pod on the host network. */
  public Optional<NetworkStats> network(Instant at) {
    return hostNetwork ? Optional.empty() : Optional.of(WorkloadModel.network(seed, createdAt, at));
  }
}
