package dev.criexporter.exporter.metrics;

import dev.criexporter.cgroup.read.StatGroup;
import dev.criexporter.cgroup.stats.CgroupStats;
import dev.criexporter.cgroup.stats.MemoryEvents;
import dev.criexporter.cgroup.stats.MemoryStats;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.MemoryUsage;
import dev.criexporter.cri.v1.UInt64Value;
import dev.criexporter.exporter.model.ContainerSample;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Memory: usage, working set and RSS from the runtime (the cgroup's when the runtime gave no
 * stats); the breakdown, peak, failures and OOM kills from the cgroup.
 */
public final class MemoryCollector implements Collector {

  public static final FamilyDef USAGE = FamilyDef.gauge("container_memory_usage_bytes", "bytes",
      "Current memory usage in bytes, including all memory regardless of when it was accessed",
      "CRI memory.usage_bytes (cgroup memory.current / memory.usage_in_bytes if absent)");
  public static final FamilyDef WORKING_SET = FamilyDef.gauge(
      "container_memory_working_set_bytes", "bytes", "Current working set in bytes.",
      "CRI memory.working_set_bytes (cgroup usage − inactive_file if absent)");
  public static final FamilyDef RSS = FamilyDef.gauge("container_memory_rss", "bytes",
      "Size of RSS in bytes.", "CRI memory.rss_bytes (cgroup anon / total_rss if absent)");
  public static final FamilyDef CACHE = FamilyDef.gauge("container_memory_cache", "bytes",
      "Number of bytes of page cache memory.", "cgroup memory.stat file / total_cache");
  public static final FamilyDef SWAP = FamilyDef.gauge("container_memory_swap", "bytes",
      "Container swap usage in bytes.", "cgroup memory.swap.current / total_swap");
  public static final FamilyDef MAPPED_FILE = FamilyDef.gauge("container_memory_mapped_file",
      "bytes", "Size of memory mapped files in bytes.",
      "cgroup memory.stat file_mapped / total_mapped_file");
  public static final FamilyDef KERNEL = FamilyDef.gauge("container_memory_kernel_usage", "bytes",
      "Size of kernel memory allocated in bytes.", "cgroup v2 memory.stat kernel");
  public static final FamilyDef MAX_USAGE = FamilyDef.gauge("container_memory_max_usage_bytes",
      "bytes", "Maximum memory usage recorded in bytes",
      "cgroup memory.peak / memory.max_usage_in_bytes");
  /** A counter in cAdvisor, but without the _total suffix: typed gauge to keep the exact name. */
  public static final FamilyDef FAILCNT = FamilyDef.gauge("container_memory_failcnt", "",
      "Number of memory usage hits limits", "cgroup v1 memory.failcnt");
  public static final FamilyDef FAILURES = FamilyDef.counter("container_memory_failures_total", "",
      "Cumulative count of memory allocation failures.",
      "cgroup memory.stat pgfault/pgmajfault", "failure_type", "scope");
  public static final FamilyDef OOM = FamilyDef.counter("container_oom_events_total", "",
      "Count of out of memory events observed for the container",
      "cgroup memory.events oom_kill / memory.oom_control oom_kill");

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public String description() {
    return "Memory usage, working set, breakdown, peak, failures and OOM kills";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public Set<StatGroup> cgroupGroups() {
    return EnumSet.of(StatGroup.MEMORY, StatGroup.MEMORY_EVENTS);
  }

  @Override
  public List<FamilyDef> families() {
    return List.of(USAGE, WORKING_SET, RSS, CACHE, SWAP, MAPPED_FILE, KERNEL, MAX_USAGE, FAILCNT,
        FAILURES, OOM);
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    List<ContainerSample> cs = ctx.containers();
    for (int i = 0; i < cs.size(); i++) {
      ContainerSample c = cs.get(i);
      Labels l = ctx.containerLabels().get(i);
      ContainerStats s = c.cri();
      MemoryUsage cri = s != null && s.hasMemory() ? s.getMemory() : null;
      CgroupStats g = c.cgroupStats();
      MemoryStats m = g.memory();
      bytes(out, USAGE, l, cri == null || !cri.hasUsageBytes() ? m.usageBytes()
          : of(cri.getUsageBytes()));
      bytes(out, WORKING_SET, l, cri == null || !cri.hasWorkingSetBytes() ? m.workingSetBytes()
          : of(cri.getWorkingSetBytes()));
      bytes(out, RSS, l, cri == null || !cri.hasRssBytes() ? m.rssBytes() : of(cri.getRssBytes()));
      bytes(out, CACHE, l, m.cacheBytes());
      bytes(out, SWAP, l, m.swapBytes());
      bytes(out, MAPPED_FILE, l, m.mappedFileBytes());
      bytes(out, KERNEL, l, m.kernelBytes());
      bytes(out, MAX_USAGE, l, m.maxUsageBytes());
      MemoryEvents ev = g.memoryEvents();
      CpuCollector.count(out, FAILCNT, l, ev.failcnt());
      if (m.pgfault().isPresent()) {
        out.add(FAILURES, l.merge(Labels.of("failure_type", "pgfault", "scope", "container")),
            Values.unsigned(m.pgfault().getAsLong()));
      }
      if (m.pgmajfault().isPresent()) {
        out.add(FAILURES, l.merge(Labels.of("failure_type", "pgmajfault", "scope", "container")),
            Values.unsigned(m.pgmajfault().getAsLong()));
      }
      CpuCollector.count(out, OOM, l, ev.oomKill());
    }
  }

  private static OptionalLong of(UInt64Value v) {
    return OptionalLong.of(v.getValue());
  }

  private static void bytes(FamilySink out, FamilyDef f, Labels l, OptionalLong v) {
    if (v.isPresent()) {
      out.add(f, l, Values.unsigned(v.getAsLong()));
    }
  }
}
