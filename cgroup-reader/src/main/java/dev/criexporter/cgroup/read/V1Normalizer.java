package dev.criexporter.cgroup.read;

import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.parse.KeyedValues;
import dev.criexporter.cgroup.stats.CpuLimits;
import dev.criexporter.cgroup.stats.CpuStats;
import dev.criexporter.cgroup.stats.IoDeviceStats;
import dev.criexporter.cgroup.stats.MemoryEvents;
import dev.criexporter.cgroup.stats.MemoryLimits;
import dev.criexporter.cgroup.stats.MemoryStats;
import dev.criexporter.cgroup.v1.BlkioDevice;
import dev.criexporter.cgroup.v1.BlkioStat;
import dev.criexporter.cgroup.v1.CpuStatV1;
import dev.criexporter.cgroup.v1.CpuacctStat;
import dev.criexporter.cgroup.v1.MemoryStatV1;
import dev.criexporter.cgroup.v1.OomControl;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Turns parsed cgroup v1 files into the version-independent stats. A null argument is a file not available. */
final class V1Normalizer {

  private V1Normalizer() {
  }

  static CpuStats cpu(OptionalLong usageNanos, CpuacctStat acct, CpuStatV1 bandwidth) {
    OptionalLong none = OptionalLong.empty();
    return new CpuStats(usageNanos,
        acct == null ? none : acct.userNanos(),
        acct == null ? none : acct.systemNanos(),
        bandwidth == null ? none : bandwidth.nrPeriods(),
        bandwidth == null ? none : bandwidth.nrThrottled(),
        bandwidth == null ? none : bandwidth.throttledTimeNanos(),
        bandwidth == null ? none : bandwidth.nrBursts(),
        bandwidth == null ? none : bandwidth.burstTimeNanos());
  }

  static CpuLimits cpuLimits(Limit quota, OptionalLong period, OptionalLong shares) {
    OptionalLong weight = shares.isPresent()
        ? OptionalLong.of(CpuLimits.sharesToWeight(shares.getAsLong()))
        : OptionalLong.empty();
    return new CpuLimits(quota, period, shares, weight);
  }

  static MemoryStats memory(OptionalLong usage, MemoryStatV1 s, OptionalLong maxUsage, OptionalLong memswUsage) {
    OptionalLong none = OptionalLong.empty();
    OptionalLong swap = usage.isPresent() && memswUsage.isPresent()
        ? OptionalLong.of(Math.max(0, memswUsage.getAsLong() - usage.getAsLong()))
        : s == null ? none : s.totalSwap();
    if (s == null) {
      return new MemoryStats(usage, none, none, none, swap, none, none, none, none, none, none, none, none,
          none, none, none, none, maxUsage, KeyedValues.EMPTY);
    }
    return new MemoryStats(usage, MemoryStats.workingSet(usage, s.totalInactiveFile()), s.totalRss(),
        s.totalCache(), swap, s.totalMappedFile(), none, s.totalShmem(), s.totalDirty(),
        s.totalWriteback(), s.totalActiveAnon(), s.totalInactiveAnon(), s.totalActiveFile(),
        s.totalInactiveFile(), s.totalUnevictable(), s.totalPgfault(), s.totalPgmajfault(), maxUsage,
        s.values());
  }

  static MemoryLimits memoryLimits(Limit limit, Limit softLimit, Limit memswLimit) {
    return new MemoryLimits(limit, softLimit, Limit.absent(), Limit.absent(),
        LimitMath.difference(memswLimit, limit), memswLimit);
  }

  static MemoryEvents memoryEvents(OptionalLong failcnt, OomControl oom) {
    OptionalLong none = OptionalLong.empty();
    return new MemoryEvents(none, none, none, none, oom == null ? none : oom.oomKill(), none, failcnt);
  }

  /** Merges the byte and operation files by device, in order of first appearance. */
  static List<IoDeviceStats> io(BlkioStat bytes, BlkioStat ops) {
    List<BlkioDevice> byteDevices = bytes == null ? List.of() : bytes.devices();
    List<BlkioDevice> opDevices = ops == null ? List.of() : ops.devices();
    List<IoDeviceStats> merged = new ArrayList<>(Math.max(byteDevices.size(), opDevices.size()));
    OptionalLong none = OptionalLong.empty();
    for (BlkioDevice b : byteDevices) {
      BlkioDevice o = find(opDevices, b.major(), b.minor());
      merged.add(new IoDeviceStats(b.major(), b.minor(), b.read(), b.write(),
          o == null ? none : o.read(), o == null ? none : o.write(),
          b.discard(), o == null ? none : o.discard()));
    }
    for (BlkioDevice o : opDevices) {
      if (find(byteDevices, o.major(), o.minor()) == null) {
        merged.add(new IoDeviceStats(o.major(), o.minor(), none, none, o.read(), o.write(), none,
            o.discard()));
      }
    }
    return merged;
  }

  private static BlkioDevice find(List<BlkioDevice> devices, int major, int minor) {
    for (BlkioDevice d : devices) {
      if (d.major() == major && d.minor() == minor) {
        return d;
      }
    }
    return null;
  }
}
