package dev.criexporter.simulator.cri;

import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.CpuUsage;
import dev.criexporter.cri.v1.FilesystemIdentifier;
import dev.criexporter.cri.v1.FilesystemUsage;
import dev.criexporter.cri.v1.LinuxPodSandboxStats;
import dev.criexporter.cri.v1.MemoryUsage;
import dev.criexporter.cri.v1.NetworkInterfaceUsage;
import dev.criexporter.cri.v1.NetworkUsage;
import dev.criexporter.cri.v1.PodSandboxStats;
import dev.criexporter.cri.v1.ProcessUsage;
import dev.criexporter.cri.v1.SwapUsage;
import dev.criexporter.cri.v1.UInt64Value;
import dev.criexporter.simulator.CgroupLayout;
import dev.criexporter.simulator.CgroupLimits;
import dev.criexporter.simulator.CgroupSample;
import dev.criexporter.simulator.KubeletLimits;
import dev.criexporter.simulator.MemoryStats;
import dev.criexporter.simulator.NetworkStats;
import dev.criexporter.simulator.NodeState;
import dev.criexporter.simulator.SampleClock;
import dev.criexporter.simulator.SimContainer;
import dev.criexporter.simulator.SimPod;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds statistics messages from the node's samples, the way the runtimes derive them from cgroups: CPU time
 * from the CPU counter, working set = usage − inactive file, RSS = anon, page faults from memory.stat.
 */
final class StatsBuilder {

  private final RuntimePersonality personality;
  private final CgroupLayout layout;
  private final SampleClock sampleClock;
  private final Faults faults;
  private final Messages messages;
  /** The previous caller's CPU sample per container or sandbox: {usage ns, timestamp ns}. */
  private final ConcurrentHashMap<String, long[]> lastCpu = new ConcurrentHashMap<>();

  StatsBuilder(RuntimePersonality personality, CgroupLayout layout, SampleClock sampleClock, Faults faults,
      Messages messages) {
    this.personality = personality;
    this.layout = layout;
    this.sampleClock = sampleClock;
    this.faults = faults;
    this.messages = messages;
  }

  ContainerStats containerStats(SimPod pod, SimContainer c) {
    Instant at = sampleClock.instantFor(c.id());
    CgroupSample s = c.sample(at);
    long ts = Messages.nanos(at);
    long cpu = s.cpu().usageNanos();
    if (faults.lies(c.id(), Lie.FREEZE_CPU)) {
      cpu = faults.frozenCpu(c.id(), () -> s.cpu().usageNanos());
    }
    MemoryStats m = s.memory();
    long workingSet = m.workingSet();
    long usage = m.usage();
    if (faults.lies(c.id(), Lie.INFLATE_MEMORY)) {
      workingSet = inflate(workingSet);
      usage = inflate(usage);
    }
    CgroupLimits limits = c.profile().limits();
    ContainerStats.Builder b = ContainerStats.newBuilder()
        .setAttributes(messages.containerAttributes(pod, c))
        .setCpu(cpu(c.id(), cpu, ts))
        .setMemory(memory(ts, workingSet, usage, m, limits.memoryLimitBytes()))
        .setWritableLayer(writableLayer(c, at, ts));
    if (personality.reportsSwap()) {
      b.setSwap(swap(ts, m, limits.swapLimitBytes()));
    }
    return b.build();
  }

  /** Statistics of a container id no runtime knows: plausible numbers, made-up identity. */
  ContainerStats unknownContainerStats(String id, Instant at) {
    long ts = Messages.nanos(at);
    return ContainerStats.newBuilder()
        .setAttributes(dev.criexporter.cri.v1.ContainerAttributes.newBuilder().setId(id)
            .setMetadata(dev.criexporter.cri.v1.ContainerMetadata.newBuilder().setName("unknown"))
            .putLabels("io.kubernetes.container.name", "unknown")
            .putLabels("io.kubernetes.pod.name", "unknown")
            .putLabels("io.kubernetes.pod.namespace", "unknown")
            .putLabels("io.kubernetes.pod.uid", "00000000-0000-4000-8000-000000000000"))
        .setCpu(CpuUsage.newBuilder().setTimestamp(ts).setUsageCoreNanoSeconds(u64(1_000_000_000L))
            .setUsageNanoCores(u64(0)))
        .setMemory(MemoryUsage.newBuilder().setTimestamp(ts).setWorkingSetBytes(u64(4L << 20))
            .setAvailableBytes(u64(0)).setUsageBytes(u64(4L << 20)).setRssBytes(u64(3L << 20))
            .setPageFaults(u64(1_000)).setMajorPageFaults(u64(0)))
        .build();
  }

  PodSandboxStats podStats(NodeState state, SimPod pod, Iterable<ContainerStats> containers) {
    Instant at = sampleClock.instantFor(pod.uid());
    long ts = Messages.nanos(at);
    CgroupSample s = state.podSample(pod, at, layout.sandboxCgroups());
    MemoryStats m = s.memory();
    CgroupLimits podLimits = KubeletLimits.pod(state.containersOf(pod.uid()));
    long processes = 0;
    for (SimContainer c : state.containersOf(pod.uid())) {
      // Counted over the containers: the sandbox's pause process is left out.
      processes += c.sample(sampleClock.instantFor(c.id())).threads();
    }
    LinuxPodSandboxStats.Builder linux = LinuxPodSandboxStats.newBuilder()
        .setCpu(cpu(pod.sandboxId(), s.cpu().usageNanos(), ts))
        .setMemory(memory(ts, m.workingSet(), m.usage(), m, podLimits.memoryLimitBytes()))
        .setProcess(ProcessUsage.newBuilder().setTimestamp(ts).setProcessCount(u64(processes)))
        .addAllContainers(containers);
    pod.network(at).ifPresent(n -> linux.setNetwork(network(ts, n)));
    return PodSandboxStats.newBuilder()
        .setAttributes(messages.sandboxAttributes(pod))
        .setLinux(linux)
        .build();
  }

  /** Forgets the CPU history of ids no longer present (bounded memory under churn). */
  void retainCpuHistory(java.util.Set<String> liveIds) {
    lastCpu.keySet().retainAll(liveIds);
  }

  /**
   * Both runtimes derive {@code usage_nano_cores} from the previous caller's sample: with several callers
   * each sees the rate since someone else's call, and the first call ever gets 0.
   */
  private CpuUsage cpu(String id, long usageNanos, long ts) {
    long[] previous = lastCpu.put(id, new long[] {usageNanos, ts});
    long nanoCores = 0;
    if (previous != null && ts > previous[1] && usageNanos >= previous[0]) {
      nanoCores = (long) ((usageNanos - previous[0]) * 1e9 / (ts - previous[1]));
    }
    return CpuUsage.newBuilder()
        .setTimestamp(ts)
        .setUsageCoreNanoSeconds(u64(usageNanos))
        .setUsageNanoCores(u64(nanoCores))
        .build();
  }

  private static MemoryUsage memory(long ts, long workingSet, long usage, MemoryStats m, OptionalLong limit) {
    long available = limit.isPresent() ? Math.max(0, limit.getAsLong() - workingSet) : 0;
    return MemoryUsage.newBuilder()
        .setTimestamp(ts)
        .setWorkingSetBytes(u64(workingSet))
        .setAvailableBytes(u64(available))
        .setUsageBytes(u64(usage))
        .setRssBytes(u64(m.anon()))
        .setPageFaults(u64(m.pgfault()))
        .setMajorPageFaults(u64(m.pgmajfault()))
        .build();
  }

  private static SwapUsage swap(long ts, MemoryStats m, OptionalLong swapLimit) {
    long available = swapLimit.isPresent() ? Math.max(0, swapLimit.getAsLong() - m.swap()) : 0;
    return SwapUsage.newBuilder()
        .setTimestamp(ts)
        .setSwapAvailableBytes(u64(available))
        .setSwapUsageBytes(u64(m.swap()))
        .build();
  }

  private FilesystemUsage writableLayer(SimContainer c, Instant at, long ts) {
    boolean measured = !Duration.between(c.startedAt(), at).minus(personality.writableLayerDelay()).isNegative();
    long used = measured ? c.profile().writableLayerBytes() : 0;
    long inodes = measured && used > 0 ? 12 + used / 65_536 : 0;
    return FilesystemUsage.newBuilder()
        .setTimestamp(ts)
        .setFsId(FilesystemIdentifier.newBuilder().setMountpoint(personality.writableLayerMount()))
        .setUsedBytes(u64(used))
        .setInodesUsed(u64(inodes))
        .build();
  }

  private static NetworkUsage network(long ts, NetworkStats n) {
    NetworkInterfaceUsage eth = NetworkInterfaceUsage.newBuilder()
        .setName(n.interfaceName())
        .setRxBytes(u64(n.rxBytes()))
        .setRxErrors(u64(n.rxErrors()))
        .setTxBytes(u64(n.txBytes()))
        .setTxErrors(u64(n.txErrors()))
        .build();
    return NetworkUsage.newBuilder().setTimestamp(ts).setDefaultInterface(eth).addInterfaces(eth).build();
  }

  /** What an {@link Lie#INFLATE_MEMORY} lie reports instead of {@code value}: 10 % more. */
  static long inflate(long value) {
    return value + value / 10;
  }

  static UInt64Value u64(long v) {
    return UInt64Value.newBuilder().setValue(v).build();
  }
}
