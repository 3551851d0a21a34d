package dev.criexporter.simulator;

import java.util.OptionalLong;

/**
 * The contents of cgroup v1 controller files, byte for byte as a Linux 6.x kernel prints them. Also usable on
 * their own to feed parsers with realistic text.
 */
public final class CgroupV1Files {

  /** What v1 shows for "no memory limit": the page counter's maximum, rounded to pages. */
  public static final long UNLIMITED_MEMORY = 9_223_372_036_854_771_712L;
  /** Kernel clock ticks per second ({@code USER_HZ}), the unit of {@code cpuacct.stat}. */
  public static final long USER_HZ = 100;
  /** The block device the simulated I/O goes to ({@code sda}). */
  public static final String IO_DEVICE = "8:0";

  private CgroupV1Files() {
  }

  public static String cpuacctUsage(CpuStats cpu) {
    return cpu.usageNanos() + "\n";
  }

  public static String cpuacctStat(CpuStats cpu) {
    long nanosPerTick = 1_000_000_000L / USER_HZ;
    return "user " + cpu.userNanos() / nanosPerTick + "\nsystem " + cpu.systemNanos() / nanosPerTick + "\n";
  }

  public static String cpuStat(CpuStats cpu) {
    return "nr_periods " + cpu.periods() + "\nnr_throttled " + cpu.throttledPeriods() + "\nthrottled_time "
        + cpu.throttledNanos() + "\nnr_bursts 0\nburst_time 0\n";
  }

  /** {@code cpu.cfs_quota_us}: {@code -1} without a quota. */
  public static String cfsQuota(CgroupLimits limits) {
    return (limits.cpuQuotaMicros().isPresent() ? limits.cpuQuotaMicros().getAsLong() : -1) + "\n";
  }

  public static String cfsPeriod(CgroupLimits limits) {
    return limits.cpuPeriodMicros() + "\n";
  }

  public static String shares(CgroupLimits limits) {
    return limits.cpuShares() + "\n";
  }

  public static String memoryUsage(MemoryStats m) {
    return m.usage() + "\n";
  }

  public static String memoryMaxUsage(MemoryStats m) {
    return m.peak() + "\n";
  }

  public static String memoryFailcnt(MemoryStats m) {
    return m.maxEvents() + "\n";
  }

  public static String memoryLimit(OptionalLong limit) {
    return (limit.isPresent() ? limit.getAsLong() : UNLIMITED_MEMORY) + "\n";
  }

  /**
   * {@code memory.stat}: the cgroup's own pages ({@code local}, all zero for a cgroup without processes),
   * the hierarchical limits, then the {@code total_*} keys over the whole subtree.
   */
  public static String memoryStat(MemoryStats local, MemoryStats hierarchical, OptionalLong hierarchicalLimit) {
    StringBuilder sb = new StringBuilder(1_400);
    statKeys(sb, "", local);
    long limit = hierarchicalLimit.isPresent() ? hierarchicalLimit.getAsLong() : UNLIMITED_MEMORY;
    sb.append("hierarchical_memory_limit ").append(limit).append('\n');
    sb.append("hierarchical_memsw_limit ").append(limit).append('\n');
    statKeys(sb, "total_", hierarchical);
    return sb.toString();
  }

  public static String pidsCurrent(long threads) {
    return threads + "\n";
  }

  public static String pidsMax(OptionalLong limit) {
    return (limit.isPresent() ? Long.toString(limit.getAsLong()) : "max") + "\n";
  }

  /** {@code blkio.throttle.io_service_bytes}. */
  public static String ioServiceBytes(IoStats io) {
    return rwstat(io.readBytes(), io.writeBytes());
  }

  /** {@code blkio.throttle.io_serviced}. */
  public static String ioServiced(IoStats io) {
    return rwstat(io.readOps(), io.writeOps());
  }

  /** Reads are synchronous; writes go through write-back and count as asynchronous. */
  private static String rwstat(long read, long write) {
    if (read == 0 && write == 0) {
      return "Total 0\n";
    }
    String d = IO_DEVICE;
    long total = read + write;
    return d + " Read " + read + "\n" + d + " Write " + write + "\n" + d + " Sync " + read + "\n" + d
        + " Async " + write + "\n" + d + " Discard 0\n" + d + " Total " + total + "\nTotal " + total + "\n";
  }

  private static void statKeys(StringBuilder sb, String prefix, MemoryStats m) {
    line(sb, prefix, "cache", m.file());
    line(sb, prefix, "rss", m.anon());
    line(sb, prefix, "rss_huge", 0);
    line(sb, prefix, "shmem", m.shmem());
    line(sb, prefix, "mapped_file", m.fileMapped());
    line(sb, prefix, "dirty", m.fileDirty());
    line(sb, prefix, "writeback", 0);
    line(sb, prefix, "workingset_refault_anon", 0);
    line(sb, prefix, "workingset_refault_file", m.workingsetRefaultFile());
    line(sb, prefix, "swap", m.swap());
    line(sb, prefix, "swapcached", 0);
    line(sb, prefix, "pgpgin", m.pgpgin());
    line(sb, prefix, "pgpgout", m.pgpgout());
    line(sb, prefix, "pgfault", m.pgfault());
    line(sb, prefix, "pgmajfault", m.pgmajfault());
    line(sb, prefix, "inactive_anon", m.inactiveAnon());
    line(sb, prefix, "active_anon", m.activeAnon());
    line(sb, prefix, "inactive_file", m.inactiveFile());
    line(sb, prefix, "active_file", m.activeFile());
    line(sb, prefix, "unevictable", 0);
  }

  private static void line(StringBuilder sb, String prefix, String key, long value) {
    sb.append(prefix).append(key).append(' ').append(value).append('\n');
  }
}
