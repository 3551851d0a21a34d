package dev.criexporter.exporter.metrics;

import dev.criexporter.cgroup.read.StatGroup;
import dev.criexporter.cgroup.stats.PidsStats;
import dev.criexporter.exporter.model.ContainerSample;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Tasks in the container's cgroup and the pids limit (0 = unlimited, as cAdvisor reports it). */
public final class ProcessesCollector implements Collector {

  public static final FamilyDef THREADS = FamilyDef.gauge("container_threads", "",
      "Number of threads running inside the container", "cgroup pids.current");
  public static final FamilyDef THREADS_MAX = FamilyDef.gauge("container_threads_max", "",
      "Maximum number of threads allowed inside the container, infinity if value is zero",
      "cgroup pids.max");

  @Override
  public String name() {
    return "processes";
  }

  @Override
  public String description() {
    return "Threads (pids.current) and the pids limit";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public Set<StatGroup> cgroupGroups() {
    return EnumSet.of(StatGroup.PIDS);
  }

  @Override
  public List<FamilyDef> families() {
    return List.of(THREADS, THREADS_MAX);
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    List<ContainerSample> cs = ctx.containers();
    for (int i = 0; i < cs.size(); i++) {
      PidsStats p = cs.get(i).cgroupStats().pids();
      Labels l = ctx.containerLabels().get(i);
      if (p.current().isPresent()) {
        out.add(THREADS, l, p.current().getAsLong());
      }
      if (p.limit().isFinite()) {
        out.add(THREADS_MAX, l, p.limit().value());
      } else if (p.limit().isUnlimited()) {
        out.add(THREADS_MAX, l, 0);
      }
    }
  }
}
