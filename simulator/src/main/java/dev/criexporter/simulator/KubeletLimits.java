package dev.criexporter.simulator;

import java.util.List;
import java.util.OptionalLong;

/** The cgroup settings the kubelet gives the levels above containers: kubepods, QoS levels and pods. */
public final class KubeletLimits {

  private KubeletLimits() {
  }

  /** kubepods: shares for every CPU, the node's allocatable memory as its limit. */
  public static CgroupLimits kubepods(SimulatedNode node) {
    long shares = Math.min(CgroupLimits.MAX_CPU_SHARES, node.cpus() * 1_024L);
    return new CgroupLimits(shares, OptionalLong.empty(), CgroupLimits.DEFAULT_CPU_PERIOD_MICROS,
        OptionalLong.of(node.memoryBytes()), OptionalLong.empty());
  }

  /** Burstable: the sum of its pods' CPU requests; best-effort: the minimum. Neither has a memory limit. */
  public static CgroupLimits qos(NodeState state, QosClass qos) {
    long shares = 0;
    if (qos == QosClass.BURSTABLE) {
      for (SimPod pod : state.pods()) {
        if (pod.qos() == qos) {
          shares += pod(state.containersOf(pod.uid())).cpuShares();
        }
      }
    }
    return CgroupLimits.unlimited(clampShares(shares));
  }

  /**
   * A pod: the sum of its containers' shares; a CPU quota and a memory limit only when every container has
   * one (their sums).
   */
  public static CgroupLimits pod(List<SimContainer> containers) {
    long shares = 0;
    long quota = 0;
    long memory = 0;
    boolean allQuota = !containers.isEmpty();
    boolean allMemory = !containers.isEmpty();
    for (SimContainer c : containers) {
      CgroupLimits l = c.profile().limits();
      shares += l.cpuShares();
      if (l.cpuQuotaMicros().isPresent() && l.cpuPeriodMicros() == CgroupLimits.DEFAULT_CPU_PERIOD_MICROS) {
        quota += l.cpuQuotaMicros().getAsLong();
      } else {
        allQuota = false;
      }
      if (l.memoryLimitBytes().isPresent()) {
        memory += l.memoryLimitBytes().getAsLong();
      } else {
        allMemory = false;
      }
    }
    return new CgroupLimits(clampShares(shares), allQuota ? OptionalLong.of(quota) : OptionalLong.empty(),
        CgroupLimits.DEFAULT_CPU_PERIOD_MICROS, allMemory ? OptionalLong.of(memory) : OptionalLong.empty(),
        OptionalLong.empty());
  }

  private static long clampShares(long shares) {
    return Math.max(CgroupLimits.MIN_CPU_SHARES, Math.min(CgroupLimits.MAX_CPU_SHARES, shares));
  }
}
