package dev.criexporter.simulator.cri;

/** Ways a fake runtime can misreport one container's statistics, for cross-check tests. */
public enum Lie {
  /** Working set and memory usage reported 10 % above what the cgroup holds. */
  INFLATE_MEMORY,
  /** The CPU counter stops at the value of the first answer after the lie was set, while the cgroup's grows. */
  FREEZE_CPU
}
