package dev.criexporter.exporter.metrics;

import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.exporter.model.ContainerSample;
import java.util.List;

/** CPU time consumed, from the runtime's cumulative counter. */
public final class CpuCollector implements Collector {

  public static final FamilyDef USAGE = FamilyDef.counter("container_cpu_usage_seconds_total",
      "seconds", "Cumulative cpu time consumed in seconds.",
      "CRI ContainerStats.cpu.usage_core_nano_seconds");

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public String description() {
    return "CPU usage (cumulative), user/system split and CFS throttling";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public List<FamilyDef> families() {
    return List.of(USAGE);
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    List<ContainerSample> cs = ctx.containers();
    for (int i = 0; i < cs.size(); i++) {
      ContainerStats s = cs.get(i).cri();
      // usage_nano_cores is deliberately ignored: it is derived from whichever caller asked last.
      if (s != null && s.hasCpu() && s.getCpu().hasUsageCoreNanoSeconds()) {
        out.add(USAGE, ctx.containerLabels().get(i),
            Values.nanosToSeconds(s.getCpu().getUsageCoreNanoSeconds().getValue()));
      }
    }
  }
}
