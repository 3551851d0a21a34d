package dev.criexporter.exporter.metrics;

import dev.criexporter.cgroup.read.StatGroup;
import dev.criexporter.cgroup.stats.PressureStats;
import dev.criexporter.cgroup.v2.Pressure;
import dev.criexporter.exporter.model.ContainerSample;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pressure stall information (cgroup v2 with PSI): "waiting" is the {@code some} line (at least
 * one task stalled), "stalled" the {@code full} line (all tasks stalled). Absent on v1 hosts.
 */
public final class PressureCollector implements Collector {

  public static final FamilyDef CPU_WAITING = psi("cpu", "waiting",
      "Total time duration tasks in the container have waited due to CPU congestion.");
  public static final FamilyDef CPU_STALLED = psi("cpu", "stalled",
      "Total time duration no tasks in the container could make progress due to CPU congestion.");
  public static final FamilyDef MEMORY_WAITING = psi("memory", "waiting",
      "Total time duration tasks in the container have waited due to memory congestion.");
  public static final FamilyDef MEMORY_STALLED = psi("memory", "stalled",
      "Total time duration no tasks in the container could make progress due to memory"
          + " congestion.");
  public static final FamilyDef IO_WAITING = psi("io", "waiting",
      "Total time duration tasks in the container have waited due to IO congestion.");
  public static final FamilyDef IO_STALLED = psi("io", "stalled",
      "Total time duration no tasks in the container could make progress due to IO congestion.");

  private static FamilyDef psi(String resource, String kind, String help) {
    return FamilyDef.counter("container_pressure_" + resource + "_" + kind + "_seconds_total",
        "seconds", help, "cgroup " + resource + ".pressure " + (kind.equals("waiting") ? "some"
            : "full") + " total");
  }

  @Override
  public String name() {
    return "pressure";
  }

  @Override
  public String description() {
    return "Pressure stall information (PSI) for cpu, memory and io (cgroup v2)";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public Set<StatGroup> cgroupGroups() {
    return EnumSet.of(StatGroup.PRESSURE);
  }

  @Override
  public List<FamilyDef> families() {
    return List.of(CPU_WAITING, CPU_STALLED, MEMORY_WAITING, MEMORY_STALLED, IO_WAITING,
        IO_STALLED);
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    List<ContainerSample> cs = ctx.containers();
    for (int i = 0; i < cs.size(); i++) {
      PressureStats p = cs.get(i).cgroupStats().pressure();
      Labels l = ctx.containerLabels().get(i);
      add(out, l, p.cpu(), CPU_WAITING, CPU_STALLED);
      add(out, l, p.memory(), MEMORY_WAITING, MEMORY_STALLED);
      add(out, l, p.io(), IO_WAITING, IO_STALLED);
    }
  }

  private static void add(FamilySink out, Labels l, Optional<Pressure> p, FamilyDef waiting,
      FamilyDef stalled) {
    if (p.isEmpty()) {
      return;
    }
    out.add(waiting, l, Values.unsigned(p.get().some().totalUsec()) / 1e6);
    p.get().full().ifPresent(f -> out.add(stalled, l, Values.unsigned(f.totalUsec()) / 1e6));
  }
}
