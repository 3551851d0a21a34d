package dev.criexporter.simulator;

import java.util.List;
import java.util.OptionalLong;

/**
 * The contents of cgroup v2 interface files, byte for byte as a Linux 6.x kernel prints them (key lists and
 * order of a 6.6 kernel with swap, zswap and transparent huge pages configured). Also usable on their own to
 * feed parsers with realistic text.
 */
public final class CgroupV2Files {

  /** The block device the simulated I/O goes to ({@code sda}). */
  public static final String IO_DEVICE = "8:0";

  private CgroupV2Files() {
  }

  public static String cpuStat(CpuStats cpu) {
    return new StringBuilder(160)
        .append("usage_usec ").append(cpu.usageNanos() / 1_000).append('\n')
        .append("user_usec ").append(cpu.userNanos() / 1_000).append('\n')
        .append("system_usec ").append(cpu.systemNanos() / 1_000).append('\n')
        .append("nr_periods ").append(cpu.periods()).append('\n')
        .append("nr_throttled ").append(cpu.throttledPeriods()).append('\n')
        .append("throttled_usec ").append(cpu.throttledNanos() / 1_000).append('\n')
        .append("nr_bursts 0\n")
        .append("burst_usec 0\n")
        .toString();
  }

  /** {@code cpu.max}: {@code $MAX $PERIOD}, {@code max} without a quota. */
  public static String cpuMax(CgroupLimits limits) {
    String quota = limits.cpuQuotaMicros().isPresent() ? Long.toString(limits.cpuQuotaMicros().getAsLong()) : "max";
    return quota + " " + limits.cpuPeriodMicros() + "\n";
  }

  public static String cpuWeight(CgroupLimits limits) {
    return limits.cpuWeight() + "\n";
  }

  public static String memoryCurrent(MemoryStats m) {
    return m.usage() + "\n";
  }

  public static String memoryPeak(MemoryStats m) {
    return m.peak() + "\n";
  }

  public static String memorySwapCurrent(MemoryStats m) {
    return m.swap() + "\n";
  }

  /** A limit file ({@code memory.max}, {@code memory.swap.max}, {@code pids.max}): a number or {@code max}. */
  public static String limit(OptionalLong limit) {
    return (limit.isPresent() ? Long.toString(limit.getAsLong()) : "max") + "\n";
  }

  public static String memoryEvents(MemoryStats m) {
    return "low 0\nhigh 0\nmax " + m.maxEvents() + "\noom " + m.oomEvents() + "\noom_kill " + m.oomKills()
        + "\noom_group_kill 0\n";
  }

  public static String memoryStat(MemoryStats m) {
    StringBuilder sb = new StringBuilder(1_400);
    line(sb, "anon", m.anon());
    line(sb, "file", m.file());
    line(sb, "kernel", m.kernel());
    line(sb, "kernel_stack", m.kernelStack());
    line(sb, "pagetables", m.pagetables());
    line(sb, "sec_pagetables", 0);
    line(sb, "percpu", m.percpu());
    line(sb, "sock", m.sock());
    line(sb, "vmalloc", 0);
    line(sb, "shmem", m.shmem());
    line(sb, "zswap", 0);
    line(sb, "zswapped", 0);
    line(sb, "file_mapped", m.fileMapped());
    line(sb, "file_dirty", m.fileDirty());
    line(sb, "file_writeback", 0);
    line(sb, "swapcached", 0);
    line(sb, "anon_thp", 0);
    line(sb, "file_thp", 0);
    line(sb, "shmem_thp", 0);
    line(sb, "inactive_anon", m.inactiveAnon());
    line(sb, "active_anon", m.activeAnon());
    line(sb, "inactive_file", m.inactiveFile());
    line(sb, "active_file", m.activeFile());
    line(sb, "unevictable", 0);
    line(sb, "slab_reclaimable", m.slabReclaimable());
    line(sb, "slab_unreclaimable", m.slabUnreclaimable());
    line(sb, "slab", m.slab());
    line(sb, "workingset_refault_anon", 0);
    line(sb, "workingset_refault_file", m.workingsetRefaultFile());
    line(sb, "workingset_activate_anon", 0);
    line(sb, "workingset_activate_file", m.workingsetActivateFile());
    line(sb, "workingset_restore_anon", 0);
    line(sb, "workingset_restore_file", 0);
    line(sb, "workingset_nodereclaim", 0);
    line(sb, "pgscan", m.pgscan());
    line(sb, "pgsteal", m.pgsteal());
    line(sb, "pgscan_kswapd", 0);
    line(sb, "pgscan_direct", m.pgscan());
    line(sb, "pgsteal_kswapd", 0);
    line(sb, "pgsteal_direct", m.pgsteal());
    line(sb, "pgfault", m.pgfault());
    line(sb, "pgmajfault", m.pgmajfault());
    line(sb, "pgrefill", 0);
    line(sb, "pgactivate", m.pgactivate());
    line(sb, "pgdeactivate", 0);
    line(sb, "pglazyfree", 0);
    line(sb, "pglazyfreed", 0);
    line(sb, "zswpin", 0);
    line(sb, "zswpout", 0);
    line(sb, "thp_fault_alloc", 0);
    line(sb, "thp_collapse_alloc", 0);
    return sb.toString();
  }

  public static String pidsCurrent(long threads) {
    return threads + "\n";
  }

  /** {@code io.stat}: one line per device with I/O; empty when the cgroup did none. */
  public static String ioStat(IoStats io) {
    if (io.isZero()) {
      return "";
    }
    return IO_DEVICE + " rbytes=" + io.readBytes() + " wbytes=" + io.writeBytes() + " rios=" + io.readOps()
        + " wios=" + io.writeOps() + " dbytes=0 dios=0\n";
  }

  /** {@code cpu.pressure}, {@code memory.pressure}, {@code io.pressure}. */
  public static String pressure(Pressure p) {
    StringBuilder sb = new StringBuilder(112);
    pressureLine(sb, "some", p.some());
    pressureLine(sb, "full", p.full());
    return sb.toString();
  }

  /** {@code cgroup.procs}: one PID per line. */
  public static String procs(List<Long> pids) {
    StringBuilder sb = new StringBuilder(pids.size() * 8);
    for (long pid : pids) {
      sb.append(pid).append('\n');
    }
    return sb.toString();
  }

  static void pressureLine(StringBuilder sb, String kind, Pressure.Line line) {
    sb.append(kind).append(" avg10=");
    hundredths(sb, line.avg10());
    sb.append(" avg60=");
    hundredths(sb, line.avg60());
    sb.append(" avg300=");
    hundredths(sb, line.avg300());
    sb.append(" total=").append(line.totalMicros()).append('\n');
  }

  private static void hundredths(StringBuilder sb, double value) {
    long cents = Math.round(value * 100);
    sb.append(cents / 100).append('.');
    long frac = cents % 100;
    if (frac < 10) {
      sb.append('0');
    }
    sb.append(frac);
  }

  private static void line(StringBuilder sb, String key, long value) {
    sb.append(key).append(' ').append(value).append('\n');
  }
}
