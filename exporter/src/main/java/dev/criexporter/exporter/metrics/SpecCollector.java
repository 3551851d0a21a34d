package dev.criexporter.exporter.metrics;

import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.read.StatGroup;
import dev.criexporter.cgroup.stats.CgroupStats;
import dev.criexporter.cgroup.stats.CpuLimits;
import dev.criexporter.cgroup.stats.MemoryLimits;
import dev.criexporter.exporter.model.ContainerSample;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Limits and requests as the kernel enforces them, and the container's start time. Unlimited
 * memory is exported as 0, as cAdvisor does; a CPU quota only when there is one.
 */
public final class SpecCollector implements Collector {

  public static final FamilyDef CPU_QUOTA = FamilyDef.gauge("container_spec_cpu_quota", "",
      "CPU quota of the container.", "cgroup cpu.max / cpu.cfs_quota_us (only when limited)");
  public static final FamilyDef CPU_PERIOD = FamilyDef.gauge("container_spec_cpu_period", "",
      "CPU period of the container.", "cgroup cpu.max / cpu.cfs_period_us");
  public static final FamilyDef CPU_SHARES = FamilyDef.gauge("container_spec_cpu_shares", "",
      "CPU share of the container.", "cgroup cpu.shares (v2: from cpu.weight)");
  public static final FamilyDef MEMORY_LIMIT = FamilyDef.gauge(
      "container_spec_memory_limit_bytes", "bytes", "Memory limit for the container.",
      "cgroup memory.max / memory.limit_in_bytes (0 = unlimited)");
  public static final FamilyDef MEMORY_RESERVATION = FamilyDef.gauge(
      "container_spec_memory_reservation_limit_bytes", "bytes",
      "Memory reservation limit for the container.",
      "cgroup memory.low / memory.soft_limit_in_bytes (0 = unlimited)");
  public static final FamilyDef SWAP_LIMIT = FamilyDef.gauge(
      "container_spec_memory_swap_limit_bytes", "bytes", "Memory swap limit for the container.",
      "cgroup memory.swap.max / memory.memsw.limit_in_bytes (0 = unlimited)");
  public static final FamilyDef START_TIME = FamilyDef.gauge("container_start_time_seconds",
      "seconds", "Start time of the container since unix epoch in seconds.",
      "CRI ContainerStatus.started_at (created_at if not started)");

  @Override
  public String name() {
    return "spec";
  }

  @Override
  public String description() {
    return "CPU and memory limits as enforced by the kernel, and start time";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public Set<StatGroup> cgroupGroups() {
    return EnumSet.of(StatGroup.CPU_LIMITS, StatGroup.MEMORY_LIMITS);
  }

  @Override
  public List<FamilyDef> families() {
    return List.of(CPU_QUOTA, CPU_PERIOD, CPU_SHARES, MEMORY_LIMIT, MEMORY_RESERVATION,
        SWAP_LIMIT, START_TIME);
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    List<ContainerSample> cs = ctx.containers();
    for (int i = 0; i < cs.size(); i++) {
      ContainerSample c = cs.get(i);
      Labels l = ctx.containerLabels().get(i);
      long started = c.identity().startedAtNanos() > 0 ? c.identity().startedAtNanos()
          : c.identity().createdAtNanos();
      if (started > 0) {
        out.add(START_TIME, l, started / 1e9);
      }
      if (c.cgroup() == null) {
        continue;
      }
      CgroupStats g = c.cgroupStats();
      CpuLimits cpu = g.cpuLimits();
      if (cpu.quotaUsec().isFinite()) {
        out.add(CPU_QUOTA, l, cpu.quotaUsec().value());
      }
      if (cpu.periodUsec().isPresent()) {
        out.add(CPU_PERIOD, l, cpu.periodUsec().getAsLong());
      }
      if (cpu.shares().isPresent()) {
        out.add(CPU_SHARES, l, cpu.shares().getAsLong());
      } else if (cpu.weight().isPresent()) {
        out.add(CPU_SHARES, l, CpuLimits.weightToShares(cpu.weight().getAsLong()));
      }
      MemoryLimits m = g.memoryLimits();
      limit(out, MEMORY_LIMIT, l, m.limit());
      limit(out, MEMORY_RESERVATION, l, m.reservation());
      limit(out, SWAP_LIMIT, l, m.swapLimit());
    }
  }

  private static void limit(FamilySink out, FamilyDef f, Labels l, Limit v) {
    if (v.isFinite()) {
      out.add(f, l, Values.unsigned(v.value()));
    } else if (v.isUnlimited()) {
      out.add(f, l, 0);
    }
  }
}
