package dev.criexporter.exporter.metrics;

import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.MemoryUsage;
import dev.criexporter.exporter.model.ContainerSample;
import java.util.List;

/** Memory usage and working set, from the runtime. */
public final class MemoryCollector implements Collector {

  public static final FamilyDef WORKING_SET = FamilyDef.gauge(
      "container_memory_working_set_bytes", "bytes", "Current working set in bytes.",
      "CRI ContainerStats.memory.working_set_bytes");
  public static final FamilyDef USAGE = FamilyDef.gauge("container_memory_usage_bytes", "bytes",
      "Current memory usage in bytes, including all memory regardless of when it was accessed",
      "CRI ContainerStats.memory.usage_bytes");

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public String description() {
    return "Memory usage, working set and its breakdown";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public List<FamilyDef> families() {
    return List.of(USAGE, WORKING_SET);
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    List<ContainerSample> cs = ctx.containers();
    for (int i = 0; i < cs.size(); i++) {
      ContainerStats s = cs.get(i).cri();
      if (s == null || !s.hasMemory()) {
        continue;
      }
      MemoryUsage m = s.getMemory();
      if (m.hasWorkingSetBytes()) {
        out.add(WORKING_SET, ctx.containerLabels().get(i),
            Values.unsigned(m.getWorkingSetBytes().getValue()));
      }
      if (m.hasUsageBytes()) {
        out.add(USAGE, ctx.containerLabels().get(i), Values.unsigned(m.getUsageBytes().getValue()));
      }
    }
  }
}
