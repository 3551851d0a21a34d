package dev.criexporter.simulator;

/** Which cgroup hierarchy a synthetic tree imitates. */
public enum CgroupVersion {
  /**
   * Hybrid v1: one hierarchy per controller ({@code cpu/}, {@code cpuacct/}, {@code memory/}, {@code pids/},
   * {@code blkio/}), plus {@code systemd/} and an empty cgroup2 hierarchy under {@code unified/}.
   */
  V1,
  /** Unified v2: a single hierarchy with every controller enabled. */
  V2
}
