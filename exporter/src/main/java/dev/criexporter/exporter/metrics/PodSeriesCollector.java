package dev.criexporter.exporter.metrics;

import dev.criexporter.cgroup.stats.CgroupStats;
import dev.criexporter.cri.v1.LinuxPodSandboxStats;
import dev.criexporter.cri.v1.MemoryUsage;
import dev.criexporter.exporter.model.PodSample;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Off by default: the pod-level aggregate ({@code container=""}, the pod cgroup) and the pause
 * container ({@code container="POD"}) for CPU and memory, as cAdvisor exports them. Summing a
 * family over a pod then counts every container twice, which is why they are opt-in; some
 * dashboards still select {@code container=""} for pod totals.
 */
public final class PodSeriesCollector implements Collector {

  @Override
  public String name() {
    return "pods";
  }

  @Override
  public String description() {
    return "Pod-level (container=\"\") and pause (container=\"POD\") cpu and memory series";
  }

  @Override
  public boolean enabledByDefault() {
    return false;
  }

  @Override
  public Set<PollNeed> needs() {
    return EnumSet.of(PollNeed.SANDBOXES, PollNeed.SANDBOX_STATS, PollNeed.POD_CGROUPS);
  }

  @Override
  public List<FamilyDef> families() {
    return List.of();
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    LabelScheme scheme = ctx.scheme();
    for (PodSample p : ctx.snapshot().pods()) {
      LinuxPodSandboxStats cri = p.stats() != null && p.stats().hasLinux()
          ? p.stats().getLinux() : null;
      CgroupStats pod = PodSample.statsOf(p.podCgroup());
      Labels podLabels = scheme.labelsForPod(p.identity(), "", p.identity().podCgroupPath(), "");
      if (cri != null && cri.hasCpu() && cri.getCpu().hasUsageCoreNanoSeconds()) {
        out.add(CpuCollector.USAGE, podLabels.add("cpu", "total"),
            Values.nanosToSeconds(cri.getCpu().getUsageCoreNanoSeconds().getValue()));
      } else {
        cpu(out, podLabels, pod.cpu().usageNanos());
      }
      MemoryUsage m = cri != null && cri.hasMemory() ? cri.getMemory() : null;
      memory(out, MemoryCollector.WORKING_SET, podLabels,
          m != null && m.hasWorkingSetBytes() ? OptionalLong.of(m.getWorkingSetBytes().getValue())
              : pod.memory().workingSetBytes());
      memory(out, MemoryCollector.USAGE, podLabels,
          m != null && m.hasUsageBytes() ? OptionalLong.of(m.getUsageBytes().getValue())
              : pod.memory().usageBytes());

      CgroupStats pause = PodSample.statsOf(p.sandboxCgroup());
      Labels pauseLabels = scheme.labelsForPod(p.identity(), "POD",
          p.identity().sandboxCgroupPath(), p.identity().sandboxId());
      cpu(out, pauseLabels, pause.cpu().usageNanos());
      memory(out, MemoryCollector.WORKING_SET, pauseLabels, pause.memory().workingSetBytes());
      memory(out, MemoryCollector.USAGE, pauseLabels, pause.memory().usageBytes());
    }
  }

  private static void cpu(FamilySink out, Labels l, OptionalLong nanos) {
    if (nanos.isPresent()) {
      out.add(CpuCollector.USAGE, l.add("cpu", "total"), Values.nanosToSeconds(nanos.getAsLong()));
    }
  }

  private static void memory(FamilySink out, FamilyDef f, Labels l, OptionalLong v) {
    if (v.isPresent()) {
      out.add(f, l, Values.unsigned(v.getAsLong()));
    }
  }
}
