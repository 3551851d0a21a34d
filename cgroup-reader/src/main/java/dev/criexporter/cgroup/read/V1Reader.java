package dev.criexporter.cgroup.read;

import static dev.criexporter.cgroup.read.ReadSession.Need.OPTIONAL;
import static dev.criexporter.cgroup.read.ReadSession.Need.REQUIRED;

import dev.criexporter.cgroup.HostCgroups;
import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.V1Controller;
import dev.criexporter.cgroup.stats.CgroupStats;
import dev.criexporter.cgroup.stats.CpuLimits;
import dev.criexporter.cgroup.stats.CpuStats;
import dev.criexporter.cgroup.stats.IoDeviceStats;
import dev.criexporter.cgroup.stats.MemoryEvents;
import dev.criexporter.cgroup.stats.MemoryLimits;
import dev.criexporter.cgroup.stats.MemoryStats;
import dev.criexporter.cgroup.stats.PidsStats;
import dev.criexporter.cgroup.stats.PressureStats;
import dev.criexporter.cgroup.v1.BlkioStat;
import dev.criexporter.cgroup.v1.CpuStatV1;
import dev.criexporter.cgroup.v1.CpuacctStat;
import dev.criexporter.cgroup.v1.MemoryStatV1;
import dev.criexporter.cgroup.v1.OomControl;
import dev.criexporter.cgroup.v1.V1Files;
import dev.criexporter.cgroup.v1.V1Values;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a cgroup in the cgroup v1 controller hierarchies (hybrid and legacy modes): the same relative path under
 * each controller's directory, and pressure files from the v2 hierarchy in hybrid mode. A controller the host
 * does not mount contributes empty values, not failures.
 */
final class V1Reader implements VersionReader {

  private static final Function<CharSequence, BlkioStat> SERVICE_BYTES =
      text -> BlkioStat.parse(text, V1Files.BLKIO_THROTTLE_IO_SERVICE_BYTES);
  private static final Function<CharSequence, BlkioStat> SERVICED =
      text -> BlkioStat.parse(text, V1Files.BLKIO_THROTTLE_IO_SERVICED);
  private static final Function<CharSequence, Limit> LIMIT_IN_BYTES =
      text -> V1Values.parseMemoryLimit(text, V1Files.MEMORY_LIMIT_IN_BYTES);
  private static final Function<CharSequence, Limit> SOFT_LIMIT_IN_BYTES =
      text -> V1Values.parseMemoryLimit(text, V1Files.MEMORY_SOFT_LIMIT_IN_BYTES);
  private static final Function<CharSequence, Limit> MEMSW_LIMIT_IN_BYTES =
      text -> V1Values.parseMemoryLimit(text, V1Files.MEMORY_MEMSW_LIMIT_IN_BYTES);

  private final HostCgroups host;

  V1Reader(HostCgroups host) {
    this.host = host;
  }

  @Override
  public Path primaryDir(String relativePath) {
    return VersionReader.under(host.primaryDir(), relativePath);
  }

  @Override
  public CgroupStats read(ReadSession s, String rel, Set<StatGroup> wanted) {
    Path cpuDir = dir(V1Controller.CPU, rel);
    Path cpuacctDir = dir(V1Controller.CPUACCT, rel);
    Path memoryDir = dir(V1Controller.MEMORY, rel);
    CpuStats cpu = wanted.contains(StatGroup.CPU) ? readCpu(s, cpuacctDir, cpuDir) : CpuStats.EMPTY;
    CpuLimits cpuLimits = wanted.contains(StatGroup.CPU_LIMITS) && cpuDir != null
        ? V1Normalizer.cpuLimits(s.readLimit(cpuDir, V1Files.CPU_CFS_QUOTA_US, REQUIRED, V1Values::parseCfsQuota),
            s.readUnsigned(cpuDir, V1Files.CPU_CFS_PERIOD_US, REQUIRED),
            s.readUnsigned(cpuDir, V1Files.CPU_SHARES, REQUIRED))
        : CpuLimits.EMPTY;
    MemoryStats memory = wanted.contains(StatGroup.MEMORY) && memoryDir != null
        ? V1Normalizer.memory(s.readUnsigned(memoryDir, V1Files.MEMORY_USAGE_IN_BYTES, REQUIRED),
            s.read(memoryDir, V1Files.MEMORY_STAT, REQUIRED, MemoryStatV1::parse),
            s.readUnsigned(memoryDir, V1Files.MEMORY_MAX_USAGE_IN_BYTES, REQUIRED),
            s.readUnsigned(memoryDir, V1Files.MEMORY_MEMSW_USAGE_IN_BYTES, OPTIONAL))
        : wanted.contains(StatGroup.MEMORY_USAGE) && memoryDir != null
        ? V1Normalizer.memory(s.readUnsigned(memoryDir, V1Files.MEMORY_USAGE_IN_BYTES, REQUIRED),
            s.read(memoryDir, V1Files.MEMORY_STAT, REQUIRED, MemoryStatV1::parse),
            OptionalLong.empty(), OptionalLong.empty())
        : MemoryStats.EMPTY;
    MemoryLimits memoryLimits = wanted.contains(StatGroup.MEMORY_LIMITS) && memoryDir != null
        ? V1Normalizer.memoryLimits(
            s.readLimit(memoryDir, V1Files.MEMORY_LIMIT_IN_BYTES, REQUIRED, LIMIT_IN_BYTES),
            s.readLimit(memoryDir, V1Files.MEMORY_SOFT_LIMIT_IN_BYTES, REQUIRED, SOFT_LIMIT_IN_BYTES),
            s.readLimit(memoryDir, V1Files.MEMORY_MEMSW_LIMIT_IN_BYTES, OPTIONAL, MEMSW_LIMIT_IN_BYTES))
        : MemoryLimits.EMPTY;
    MemoryEvents memoryEvents = wanted.contains(StatGroup.MEMORY_EVENTS) && memoryDir != null
        ? V1Normalizer.memoryEvents(s.readUnsigned(memoryDir, V1Files.MEMORY_FAILCNT, REQUIRED),
            s.read(memoryDir, V1Files.MEMORY_OOM_CONTROL, REQUIRED, OomControl::parse))
        : MemoryEvents.EMPTY;
    PidsStats pids = wanted.contains(StatGroup.PIDS) ? readPids(s, dir(V1Controller.PIDS, rel)) : PidsStats.EMPTY;
    List<IoDeviceStats> io = wanted.contains(StatGroup.IO) ? readIo(s, dir(V1Controller.BLKIO, rel)) : List.of();
    PressureStats pressure = wanted.contains(StatGroup.PRESSURE) && host.unifiedDir().isPresent()
        ? V2Reader.readPressure(s, VersionReader.under(host.unifiedDir().get(), rel))
        : PressureStats.EMPTY;
    return new CgroupStats(cpu, cpuLimits, memory, memoryLimits, memoryEvents, pids, io, pressure);
  }

  private static CpuStats readCpu(ReadSession s, Path cpuacctDir, Path cpuDir) {
    OptionalLong usage = cpuacctDir == null
        ? OptionalLong.empty()
        : s.readUnsigned(cpuacctDir, V1Files.CPUACCT_USAGE, REQUIRED);
    CpuacctStat acct = cpuacctDir == null
        ? null
        : s.read(cpuacctDir, V1Files.CPUACCT_STAT, REQUIRED, CpuacctStat::parse);
    CpuStatV1 bandwidth = cpuDir == null ? null : s.read(cpuDir, V1Files.CPU_STAT, REQUIRED, CpuStatV1::parse);
    return V1Normalizer.cpu(usage, acct, bandwidth);
  }

  private static PidsStats readPids(ReadSession s, Path pidsDir) {
    if (pidsDir == null) {
      return PidsStats.EMPTY;
    }
    return new PidsStats(s.readUnsigned(pidsDir, V1Files.PIDS_CURRENT, REQUIRED),
        s.readMaxOrUnsigned(pidsDir, V1Files.PIDS_MAX, REQUIRED));
  }

  private static List<IoDeviceStats> readIo(ReadSession s, Path blkioDir) {
    if (blkioDir == null) {
      return List.of();
    }
    return V1Normalizer.io(s.read(blkioDir, V1Files.BLKIO_THROTTLE_IO_SERVICE_BYTES, REQUIRED, SERVICE_BYTES),
        s.read(blkioDir, V1Files.BLKIO_THROTTLE_IO_SERVICED, REQUIRED, SERVICED));
  }

  /** The cgroup's directory in a controller's hierarchy, or null if the host does not mount the controller. */
  private Path dir(V1Controller controller, String rel) {
    Path root = host.controllerDirs().get(controller);
    return root == null ? null : VersionReader.under(root, rel);
  }
}
