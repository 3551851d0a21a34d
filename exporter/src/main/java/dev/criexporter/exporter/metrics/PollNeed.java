package dev.criexporter.exporter.metrics;

/** Runtime calls and reads beyond the per-container basics that a collector depends on. */
public enum PollNeed {
  /** {@code ListPodSandbox}: pod identities and labels. */
  SANDBOXES,
  /** {@code ListPodSandboxStats}: network and pod-level figures. */
  SANDBOX_STATS,
  /** Reading the pod-level and pause cgroups. */
  POD_CGROUPS
}
