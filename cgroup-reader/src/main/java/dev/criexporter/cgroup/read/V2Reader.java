package dev.criexporter.cgroup.read;

import static dev.criexporter.cgroup.read.ReadSession.Need.OPTIONAL;
import static dev.criexporter.cgroup.read.ReadSession.Need.REQUIRED;

import dev.criexporter.cgroup.stats.CgroupStats;
import dev.criexporter.cgroup.stats.CpuLimits;
import dev.criexporter.cgroup.stats.CpuStats;
import dev.criexporter.cgroup.stats.IoDeviceStats;
import dev.criexporter.cgroup.stats.MemoryEvents;
import dev.criexporter.cgroup.stats.MemoryLimits;
import dev.criexporter.cgroup.stats.MemoryStats;
import dev.criexporter.cgroup.stats.PidsStats;
import dev.criexporter.cgroup.stats.PressureStats;
import dev.criexporter.cgroup.v2.CpuMax;
import dev.criexporter.cgroup.v2.CpuStatV2;
import dev.criexporter.cgroup.v2.IoStatV2;
import dev.criexporter.cgroup.v2.MemoryEventsV2;
import dev.criexporter.cgroup.v2.MemoryStatV2;
import dev.criexporter.cgroup.v2.Pressure;
import dev.criexporter.cgroup.v2.V2Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/** Reads a cgroup in a unified (cgroup v2) hierarchy. */
final class V2Reader implements VersionReader {

  private static final Function<CharSequence, Pressure> CPU_PRESSURE =
      text -> Pressure.parse(text, V2Files.CPU_PRESSURE);
  private static final Function<CharSequence, Pressure> MEMORY_PRESSURE =
      text -> Pressure.parse(text, V2Files.MEMORY_PRESSURE);
  private static final Function<CharSequence, Pressure> IO_PRESSURE =
      text -> Pressure.parse(text, V2Files.IO_PRESSURE);

  private final Path root;

  V2Reader(Path unifiedRoot) {
    this.root = unifiedRoot;
  }

  @Override
  public Path primaryDir(String relativePath) {
    return VersionReader.under(root, relativePath);
  }

  @Override
  public CgroupStats read(ReadSession s, String relativePath, Set<StatGroup> wanted) {
    Path dir = VersionReader.under(root, relativePath);
    CpuStats cpu = wanted.contains(StatGroup.CPU)
        ? V2Normalizer.cpu(s.read(dir, V2Files.CPU_STAT, REQUIRED, CpuStatV2::parse))
        : CpuStats.EMPTY;
    CpuLimits cpuLimits = wanted.contains(StatGroup.CPU_LIMITS)
        ? V2Normalizer.cpuLimits(s.read(dir, V2Files.CPU_MAX, REQUIRED, CpuMax::parse),
            s.readUnsigned(dir, V2Files.CPU_WEIGHT, REQUIRED))
        : CpuLimits.EMPTY;
    MemoryStats memory = wanted.contains(StatGroup.MEMORY)
        ? V2Normalizer.memory(s.readUnsigned(dir, V2Files.MEMORY_CURRENT, REQUIRED),
            s.read(dir, V2Files.MEMORY_STAT, REQUIRED, MemoryStatV2::parse),
            s.readUnsigned(dir, V2Files.MEMORY_SWAP_CURRENT, OPTIONAL),
            s.readUnsigned(dir, V2Files.MEMORY_PEAK, OPTIONAL))
        : wanted.contains(StatGroup.MEMORY_USAGE)
        ? V2Normalizer.memory(s.readUnsigned(dir, V2Files.MEMORY_CURRENT, REQUIRED),
            s.read(dir, V2Files.MEMORY_STAT, REQUIRED, MemoryStatV2::parse),
            OptionalLong.empty(), OptionalLong.empty())
        : MemoryStats.EMPTY;
    MemoryLimits memoryLimits = wanted.contains(StatGroup.MEMORY_LIMITS)
        ? V2Normalizer.memoryLimits(s.readMaxOrUnsigned(dir, V2Files.MEMORY_MAX, REQUIRED),
            s.readMaxOrUnsigned(dir, V2Files.MEMORY_LOW, REQUIRED),
            s.readMaxOrUnsigned(dir, V2Files.MEMORY_HIGH, REQUIRED),
            s.readMaxOrUnsigned(dir, V2Files.MEMORY_MIN, REQUIRED),
            s.readMaxOrUnsigned(dir, V2Files.MEMORY_SWAP_MAX, OPTIONAL))
        : MemoryLimits.EMPTY;
    MemoryEvents memoryEvents = wanted.contains(StatGroup.MEMORY_EVENTS)
        ? V2Normalizer.memoryEvents(s.read(dir, V2Files.MEMORY_EVENTS, REQUIRED, MemoryEventsV2::parse))
        : MemoryEvents.EMPTY;
    PidsStats pids = wanted.contains(StatGroup.PIDS)
        ? new PidsStats(s.readUnsigned(dir, V2Files.PIDS_CURRENT, REQUIRED),
            s.readMaxOrUnsigned(dir, V2Files.PIDS_MAX, REQUIRED))
        : PidsStats.EMPTY;
    List<IoDeviceStats> io = wanted.contains(StatGroup.IO)
        ? V2Normalizer.io(s.read(dir, V2Files.IO_STAT, REQUIRED, IoStatV2::parse))
        : List.of();
    PressureStats pressure = wanted.contains(StatGroup.PRESSURE) ? readPressure(s, dir) : PressureStats.EMPTY;
    return new CgroupStats(cpu, cpuLimits, memory, memoryLimits, memoryEvents, pids, io, pressure);
  }

  /** PSI files of a cgroup v2 directory; shared with the hybrid layout. */
  static PressureStats readPressure(ReadSession s, Path dir) {
    return new PressureStats(
        Optional.ofNullable(s.read(dir, V2Files.CPU_PRESSURE, OPTIONAL, CPU_PRESSURE)),
        Optional.ofNullable(s.read(dir, V2Files.MEMORY_PRESSURE, OPTIONAL, MEMORY_PRESSURE)),
        Optional.ofNullable(s.read(dir, V2Files.IO_PRESSURE, OPTIONAL, IO_PRESSURE)));
  }
}
