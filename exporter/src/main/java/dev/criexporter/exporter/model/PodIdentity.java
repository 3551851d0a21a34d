package dev.criexporter.exporter.model;

import java.util.Map;

/**
 * A pod sandbox as the runtime reports it.
 *
 * @param sandboxId the runtime's sandbox id
 * @param pod the pod name
 * @param namespace the pod namespace
 * @param uid the pod UID
 * @param labels the pod's labels as given to the runtime
 * @param sandboxCgroupPath the sandbox (pause) cgroup path from the root, starting with
 *     {@code /}, or empty when unknown
 * @param podCgroupPath the pod-level cgroup (the sandbox's parent), or empty when unknown
 */
public record PodIdentity(String sandboxId, String pod, String namespace, String uid,
    Map<String, String> labels, String sandboxCgroupPath, String podCgroupPath) {

  public PodIdentity {
    labels = Map.copyOf(labels);
  }
}
