package dev.criexporter.exporter.metrics;

import dev.criexporter.cgroup.read.StatGroup;
import dev.criexporter.cgroup.stats.CgroupStats;
import dev.criexporter.cgroup.stats.CpuStats;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.exporter.model.ContainerSample;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * CPU time and CFS throttling. Usage comes from the runtime's cumulative counter (the cgroup's
 * when the runtime gave no stats); the user/system split and throttling from the cgroup.
 */
public final class CpuCollector implements Collector {

  public static final FamilyDef USAGE = FamilyDef.counter("container_cpu_usage_seconds_total",
      "seconds", "Cumulative cpu time consumed in seconds.",
      "CRI cpu.usage_core_nano_seconds (cgroup cpu.stat usage_usec / cpuacct.usage if absent)",
      "cpu");
  public static final FamilyDef USER = FamilyDef.counter("container_cpu_user_seconds_total",
      "seconds", "Cumulative user cpu time consumed in seconds.",
      "cgroup cpu.stat user_usec / cpuacct.stat user");
  public static final FamilyDef SYSTEM = FamilyDef.counter("container_cpu_system_seconds_total",
      "seconds", "Cumulative system cpu time consumed in seconds.",
      "cgroup cpu.stat system_usec / cpuacct.stat system");
  public static final FamilyDef PERIODS = FamilyDef.counter("container_cpu_cfs_periods_total", "",
      "Number of elapsed enforcement period intervals.", "cgroup cpu.stat nr_periods");
  public static final FamilyDef THROTTLED_PERIODS = FamilyDef.counter(
      "container_cpu_cfs_throttled_periods_total", "", "Number of throttled period intervals.",
      "cgroup cpu.stat nr_throttled");
  public static final FamilyDef THROTTLED_SECONDS = FamilyDef.counter(
      "container_cpu_cfs_throttled_seconds_total", "seconds",
      "Total time duration the container has been throttled.",
      "cgroup cpu.stat throttled_usec / throttled_time");
  public static final FamilyDef BURST_PERIODS = FamilyDef.counter(
      "container_cpu_cfs_burst_periods_total", "", "Number of periods when burst occurs.",
      "cgroup v2 cpu.stat nr_bursts");
  public static final FamilyDef BURST_SECONDS = FamilyDef.counter(
      "container_cpu_cfs_burst_seconds_total", "seconds",
      "Total time duration the container has been bursted.", "cgroup v2 cpu.stat burst_usec");

  private static final Labels TOTAL = Labels.of("cpu", "total");

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
  public Set<StatGroup> cgroupGroups() {
    return EnumSet.of(StatGroup.CPU, StatGroup.CPU_LIMITS);
  }

  @Override
  public List<FamilyDef> families() {
    return List.of(USAGE, USER, SYSTEM, PERIODS, THROTTLED_PERIODS, THROTTLED_SECONDS,
        BURST_PERIODS, BURST_SECONDS);
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    List<ContainerSample> cs = ctx.containers();
    for (int i = 0; i < cs.size(); i++) {
      ContainerSample c = cs.get(i);
      Labels l = ctx.containerLabels().get(i);
      ContainerStats s = c.cri();
      CgroupStats g = c.cgroupStats();
      CpuStats cpu = g.cpu();
      // usage_nano_cores is deliberately ignored: it is derived from whichever caller asked last.
      if (s != null && s.hasCpu() && s.getCpu().hasUsageCoreNanoSeconds()) {
        out.add(USAGE, l.merge(TOTAL),
            Values.nanosToSeconds(s.getCpu().getUsageCoreNanoSeconds().getValue()));
      } else if (cpu.usageNanos().isPresent()) {
        out.add(USAGE, l.merge(TOTAL), Values.nanosToSeconds(cpu.usageNanos().getAsLong()));
      }
      seconds(out, USER, l, cpu.userNanos());
      seconds(out, SYSTEM, l, cpu.systemNanos());
      // Like cAdvisor: CFS figures only for containers with a CPU quota.
      if (g.cpuLimits().quotaUsec().isFinite()) {
        count(out, PERIODS, l, cpu.periods());
        count(out, THROTTLED_PERIODS, l, cpu.throttledPeriods());
        seconds(out, THROTTLED_SECONDS, l, cpu.throttledNanos());
        // Burst figures only once the container has burst (cpu.max.burst set and used): two
        // series per container that stay 0 for nearly everyone otherwise.
        if (cpu.bursts().isPresent() && cpu.bursts().getAsLong() != 0) {
          count(out, BURST_PERIODS, l, cpu.bursts());
          seconds(out, BURST_SECONDS, l, cpu.burstNanos());
        }
      }
    }
  }

  static void seconds(FamilySink out, FamilyDef f, Labels l, OptionalLong nanos) {
    if (nanos.isPresent()) {
      out.add(f, l, Values.nanosToSeconds(nanos.getAsLong()));
    }
  }

  static void count(FamilySink out, FamilyDef f, Labels l, OptionalLong v) {
    if (v.isPresent()) {
      out.add(f, l, Values.unsigned(v.getAsLong()));
    }
  }
}
