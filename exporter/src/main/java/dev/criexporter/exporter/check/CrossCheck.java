package dev.criexporter.exporter.check;

import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.stats.CgroupStats;
import dev.criexporter.cgroup.stats.CpuLimits;
import dev.criexporter.cgroup.stats.MemoryStats;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.MemoryUsage;
import dev.criexporter.cri.v1.UInt64Value;
import dev.criexporter.exporter.metrics.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Compares what the runtime reports with what the kernel's cgroup files say, per container and
 * resource, every poll.
 *
 * <p><b>CPU.</b> The runtime samples the cgroup at its own time {@code t_cri} (the timestamp in its
 * answer); we read the cgroup at {@code t_read} just after the answer. In between the container
 * can consume at most {@code allowance × (t_read − t_cri)} of CPU, where the allowance is its CFS
 * quota / period in cores, or the host's CPU count when unlimited. So an honest runtime satisfies
 * {@code 0 ≤ cgroup − cri ≤ allowance × gap + slack}. A runtime ahead of the kernel is
 * {@code cri_high}; one further behind than the gap allows is {@code cri_low}. The tolerance is
 * derived, not guessed: it widens exactly as much as the runtime's sample is old.
 *
 * <p><b>Memory.</b> Memory is a level, not a counter: we read it just before the runtime is asked
 * and just after it answered, and the runtime's value must lie between the two readings, give
 * or take {@link CheckSettings#memoryBytes()} or {@link CheckSettings#memoryRatio()}.
 *
 * <p><b>Staleness.</b> The runtime serves stale numbers when it answers with the sample of the
 * previous poll (same timestamp) although the kernel's counter has moved since, or when its
 * counter stands still while the kernel's moved by more than can have happened after the
 * runtime's sample was taken. The second condition uses the same derived tolerance as
 * {@code cri_low}: a container throttled at the moment the runtime sampled it and running again
 * when we read its cgroup a few milliseconds later is not stale.
 *
 * <p>Keeps one small record per live container between polls; call {@link #retain} each poll.
 * Not thread-safe (the poll thread owns it).
 */
public final class CrossCheck {

  private final CheckSettings settings;
  private final double hostCpus;
  private final Map<String, long[]> previousCpu = new HashMap<>();
  private final Map<String, Long> failures = new HashMap<>();
  private final Map<String, Long> checks = new HashMap<>();

  /** @param hostCpus CPUs of the node: the allowance of a container without a CPU limit */
  public CrossCheck(CheckSettings settings, int hostCpus) {
    this.settings = settings;
    this.hostCpus = Math.max(1, hostCpus);
  }

  public CheckSettings settings() {
    return settings;
  }

  /** Compares one container; remembers its CPU sample for the staleness check. */
  public List<Finding> check(Observation o) {
    List<Finding> out = new ArrayList<>(4);
    ContainerStats cri = o.cri();
    if (cri == null) {
      return out;
    }
    Finding cpu = cpu(o);
    if (cpu != null) {
      out.add(cpu);
    }
    if (cri.hasMemory()) {
      MemoryUsage m = cri.getMemory();
      MemoryStats before = o.before().memory();
      MemoryStats after = o.after().memory();
      add(out, memory(Resource.WORKING_SET, m.hasWorkingSetBytes(), m.getWorkingSetBytes(),
          before.workingSetBytes(), after.workingSetBytes()));
      add(out, memory(Resource.USAGE, m.hasUsageBytes(), m.getUsageBytes(), before.usageBytes(),
          after.usageBytes()));
      add(out, memory(Resource.RSS, m.hasRssBytes(), m.getRssBytes(), before.rssBytes(),
          after.rssBytes()));
    }
    for (Finding f : out) {
      checks.merge(f.resource().label(), 1L, Long::sum);
      if (f.failed()) {
        failures.merge(f.resource().label() + '\0' + f.verdict().label(), 1L, Long::sum);
      }
    }
    return out;
  }

  private static void add(List<Finding> out, Finding f) {
    if (f != null) {
      out.add(f);
    }
  }

  private Finding cpu(Observation o) {
    ContainerStats cri = o.cri();
    OptionalLong cgroupUsage = o.after().cpu().usageNanos();
    if (!cri.hasCpu() || !cri.getCpu().hasUsageCoreNanoSeconds() || cgroupUsage.isEmpty()) {
      return null;
    }
    long criNanos = cri.getCpu().getUsageCoreNanoSeconds().getValue();
    long criTimestamp = cri.getCpu().getTimestamp() > 0 ? cri.getCpu().getTimestamp()
        : o.criCallStartNanos();
    long cgNanos = cgroupUsage.getAsLong();
    double gapSeconds = Math.max(0, o.afterReadEndNanos() - criTimestamp) / 1e9;
    double slack = settings.cpuSlack().toNanos() / 1e9;
    double allowed = allowanceCores(o.after().cpuLimits()) * gapSeconds + slack;
    double criSeconds = Values.nanosToSeconds(criNanos);
    double cgSeconds = Values.nanosToSeconds(cgNanos);
    double behind = cgSeconds - criSeconds;

    Finding.Verdict verdict;
    long[] prev = previousCpu.put(o.containerId(), new long[] {criNanos, cgNanos, criTimestamp});
    double kernelMoved = prev == null ? 0
        : (Values.unsigned(cgNanos) - Values.unsigned(prev[1])) / 1e9;
    boolean sameSample = prev != null && criTimestamp == prev[2] && kernelMoved > slack;
    boolean frozen = prev != null && criNanos == prev[0] && kernelMoved > allowed;
    if (sameSample || frozen) {
      verdict = Finding.Verdict.STALE;
    } else if (behind < -slack) {
      verdict = Finding.Verdict.CRI_HIGH;
    } else if (behind > allowed) {
      verdict = Finding.Verdict.CRI_LOW;
    } else {
      verdict = Finding.Verdict.AGREE;
    }
    return new Finding(Resource.CPU, verdict, criSeconds, cgSeconds, allowed);
  }

  /** CPU cores the container may use: quota / period, capped at the host's CPUs. */
  double allowanceCores(CpuLimits limits) {
    Limit quota = limits.quotaUsec();
    OptionalLong period = limits.periodUsec();
    if (quota.isFinite() && period.isPresent() && period.getAsLong() > 0) {
      return Math.min(hostCpus, (double) quota.value() / period.getAsLong());
    }
    return hostCpus;
  }

  private Finding memory(Resource r, boolean criHas, UInt64Value criValue, OptionalLong before,
      OptionalLong after) {
    if (!criHas || after.isEmpty()) {
      return null;
    }
    double cri = Values.unsigned(criValue.getValue());
    double a = Values.unsigned(after.getAsLong());
    double b = before.isPresent() ? Values.unsigned(before.getAsLong()) : a;
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    double tol = Math.max(settings.memoryBytes(), settings.memoryRatio() * hi);
    Finding.Verdict v = cri > hi + tol ? Finding.Verdict.CRI_HIGH
        : cri < lo - tol ? Finding.Verdict.CRI_LOW : Finding.Verdict.AGREE;
    return new Finding(r, v, cri, a, tol + (hi - lo));
  }

  /** Forgets containers that are gone, so state stays bounded by the live set. */
  public void retain(Set<String> liveIds) {
    previousCpu.keySet().retainAll(liveIds);
  }

  /** Cumulative failed checks, keyed {@code resource\0reason}. */
  public Map<String, Long> failureCounts() {
    return Map.copyOf(failures);
  }

  /** Cumulative checks made, by resource. */
  public Map<String, Long> checkCounts() {
    return Map.copyOf(checks);
  }

  /** Containers whose CPU state is remembered (for tests of boundedness). */
  public int trackedContainers() {
    return previousCpu.size();
  }

  /** Convenience for callers: stats with nothing read. */
  public static CgroupStats none() {
    return CgroupStats.EMPTY;
  }
}
