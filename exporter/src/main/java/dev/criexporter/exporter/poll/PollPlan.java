package dev.criexporter.exporter.poll;

/**
 * What a poll asks for beyond containers and their stats, decided once from the enabled
 * collectors and flags, so that a runtime is never asked for what nobody exports.
 *
 * @param sandboxes call {@code ListPodSandbox} every poll (pod labels, network, pod series)
 * @param sandboxStats call {@code ListPodSandboxStats} every poll (network, pod-level figures)
 * @param podCgroups read the pod-level and pause cgroups (pod-level series)
 * @param podLabels whether containers need their pod's labels (an allow-list is set)
 */
public record PollPlan(boolean sandboxes, boolean sandboxStats, boolean podCgroups,
    boolean podLabels) {

  /** Containers and their stats only. */
  public static final PollPlan CONTAINERS_ONLY = new PollPlan(false, false, false, false);
}
