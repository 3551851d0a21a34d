package dev.criexporter.exporter.metrics;

import dev.criexporter.exporter.check.Finding;
import dev.criexporter.exporter.check.Resource;
import dev.criexporter.exporter.model.ContainerSample;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;

/**
 * How far the runtime and the kernel disagree, per container and resource: eight series per
 * container (absolute and relative difference for cpu, working_set, usage, rss). On by default;
 * {@code --no-collector.crosscheck_detail} keeps only the node-level summary.
 */
public final class CrossCheckDetailCollector implements Collector {

  public static final FamilyDef CPU_DIFF = FamilyDef.gauge("cri_crosscheck_cpu_difference_seconds",
      "seconds", "CPU time the runtime reports minus the cgroup's, read just after the runtime"
          + " answered (negative: the runtime is behind the kernel).",
      "CRI cpu.usage_core_nano_seconds vs cpu.stat usage_usec / cpuacct.usage");
  public static final FamilyDef MEMORY_DIFF = FamilyDef.gauge(
      "cri_crosscheck_memory_difference_bytes", "bytes",
      "Memory the runtime reports minus the cgroup's, by resource (working_set, usage, rss).",
      "CRI memory.* vs memory.current/memory.stat (v1 memory.usage_in_bytes/memory.stat)",
      "resource");
  public static final FamilyDef RELATIVE = FamilyDef.gauge("cri_crosscheck_relative_difference",
      "ratio", "(runtime − cgroup) / cgroup, by resource (cpu, working_set, usage, rss).",
      "cross-check", "resource");

  @Override
  public String name() {
    return "crosscheck_detail";
  }

  @Override
  public String description() {
    return "Per-container absolute and relative runtime vs cgroup differences";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public List<FamilyDef> families() {
    return List.of(CPU_DIFF, MEMORY_DIFF, RELATIVE);
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    List<ContainerSample> cs = ctx.containers();
    for (int i = 0; i < cs.size(); i++) {
      Labels l = ctx.containerLabels().get(i);
      for (Finding f : cs.get(i).findings()) {
        if (f.resource() == Resource.CPU) {
          out.add(CPU_DIFF, l, f.difference());
        } else {
          out.add(MEMORY_DIFF, l, "resource", f.resource().label(), f.difference());
        }
        out.add(RELATIVE, l, "resource", f.resource().label(), f.relativeDifference());
      }
    }
  }
}
