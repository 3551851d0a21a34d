package dev.criexporter.cgroup.read;

import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.parse.KeyedValues;
import dev.criexporter.cgroup.stats.CpuLimits;
import dev.criexporter.cgroup.stats.CpuStats;
import dev.criexporter.cgroup.stats.IoDeviceStats;
import dev.criexporter.cgroup.stats.MemoryEvents;
import dev.criexporter.cgroup.stats.MemoryLimits;
import dev.criexporter.cgroup.stats.MemoryStats;
import dev.criexporter.cgroup.v2.CpuMax;
import dev.criexporter.cgroup.v2.CpuStatV2;
import dev.criexporter.cgroup.v2.IoDeviceV2;
import dev.criexporter.cgroup.v2.IoStatV2;
import dev.criexporter.cgroup.v2.MemoryEventsV2;
import dev.criexporter.cgroup.v2.MemoryStatV2;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Turns parsed cgroup v2 files into the version-independent stats. A null argument is a file not available. */
final class V2Normalizer {

  private static final long NANOS_PER_MICRO = 1_000;

  private V2Normalizer() {
  }

  static CpuStats cpu(CpuStatV2 s) {
    if (s == null) {
      return CpuStats.EMPTY;
    }
    return new CpuStats(micros(s.usageUsec()), micros(s.userUsec()), micros(s.systemUsec()), s.nrPeriods(),
        s.nrThrottled(), micros(s.throttledUsec()), s.nrBursts(), micros(s.burstUsec()));
  }

  static CpuLimits cpuLimits(CpuMax max, OptionalLong weight) {
    OptionalLong shares = weight.isPresent()
        ? OptionalLong.of(CpuLimits.weightToShares(weight.getAsLong()))
        : OptionalLong.empty();
    return new CpuLimits(max == null ? Limit.absent() : max.quotaUsec(),
        max == null ? OptionalLong.empty() : OptionalLong.of(max.periodUsec()), shares, weight);
  }

  static MemoryStats memory(OptionalLong current, MemoryStatV2 s, OptionalLong swapCurrent, OptionalLong peak) {
    if (s == null) {
      return new MemoryStats(current, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
          swapCurrent, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
          OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
          OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
          OptionalLong.empty(), peak, KeyedValues.EMPTY);
    }
    return new MemoryStats(current, MemoryStats.workingSet(current, s.inactiveFile()), s.anon(), s.file(),
        swapCurrent, s.fileMapped(), s.kernel(), s.shmem(), s.fileDirty(), s.fileWriteback(),
        s.activeAnon(), s.inactiveAnon(), s.activeFile(), s.inactiveFile(), s.unevictable(), s.pgfault(),
        s.pgmajfault(), peak, s.values());
  }

  static MemoryLimits memoryLimits(Limit max, Limit low, Limit high, Limit min, Limit swapMax) {
    return new MemoryLimits(max, low, high, min, swapMax, LimitMath.sum(max, swapMax));
  }

  static MemoryEvents memoryEvents(MemoryEventsV2 e) {
    if (e == null) {
      return MemoryEvents.EMPTY;
    }
    return new MemoryEvents(e.low(), e.high(), e.max(), e.oom(), e.oomKill(), e.oomGroupKill(),
        OptionalLong.empty());
  }

  static List<IoDeviceStats> io(IoStatV2 s) {
    if (s == null) {
      return List.of();
    }
    List<IoDeviceStats> devices = new ArrayList<>(s.devices().size());
    for (IoDeviceV2 d : s.devices()) {
      devices.add(new IoDeviceStats(d.major(), d.minor(), d.rbytes(), d.wbytes(), d.rios(), d.wios(),
          d.dbytes(), d.dios()));
    }
    return devices;
  }

  private static OptionalLong micros(OptionalLong usec) {
    return usec.isPresent() ? OptionalLong.of(usec.getAsLong() * NANOS_PER_MICRO) : usec;
  }
}
