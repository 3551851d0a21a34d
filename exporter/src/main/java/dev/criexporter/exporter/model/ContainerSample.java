package dev.criexporter.exporter.model;

import dev.criexporter.cgroup.read.CgroupReadResult;
import dev.criexporter.cgroup.stats.CgroupStats;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.exporter.check.Finding;
import java.util.List;

/**
 * Everything one poll learned about one running container.
 *
 * @param identity who it is
 * @param cri the runtime's stats for it, or {@code null} when the runtime returned none this poll
 * @param cgroup what its cgroup files said just after the runtime answered, or {@code null} when
 *     the cgroup side is off or the container's cgroup was not found
 * @param findings the cross-check's comparisons for this container
 */
public record ContainerSample(ContainerIdentity identity, ContainerStats cri,
    CgroupReadResult cgroup, List<Finding> findings) {

  public ContainerSample {
    findings = List.copyOf(findings);
  }

  /** A sample with runtime data only. */
  public ContainerSample(ContainerIdentity identity, ContainerStats cri) {
    this(identity, cri, null, List.of());
  }

  /** Whether the runtime answered stats for this container in this poll. */
  public boolean hasCriStats() {
    return cri != null;
  }

  /** The cgroup stats, or {@link CgroupStats#EMPTY} when there are none. */
  public CgroupStats cgroupStats() {
    return cgroup == null ? CgroupStats.EMPTY : cgroup.stats();
  }
}
