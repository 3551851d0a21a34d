package dev.criexporter.exporter.model;

import dev.criexporter.cgroup.read.CgroupReadResult;
import dev.criexporter.cgroup.stats.CgroupStats;
import dev.criexporter.cri.v1.PodSandboxStats;

/**
 * One ready pod sandbox in one poll.
 *
 * @param identity who it is
 * @param stats the runtime's pod stats (network, pod-level cpu/memory), or null if not asked or
 *     not given
 * @param sandboxCgroup the pause container's cgroup, read only when pod-level series are on
 * @param podCgroup the pod-level cgroup, read only when pod-level series are on
 */
public record PodSample(PodIdentity identity, PodSandboxStats stats,
    CgroupReadResult sandboxCgroup, CgroupReadResult podCgroup) {

  /** Stats of a cgroup result, or empty. */
  public static CgroupStats statsOf(CgroupReadResult r) {
    return r == null || r.isGone() ? CgroupStats.EMPTY : r.stats();
  }
}
