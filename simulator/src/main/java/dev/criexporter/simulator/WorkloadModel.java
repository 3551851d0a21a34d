package dev.criexporter.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns a {@link WorkloadProfile} into the statistics of its cgroup at an instant. Pure and deterministic:
 * the same profile, start, seed and instant always give the same sample, so a fake runtime and a cgroup tree
 * computed separately agree exactly. Counters are non-decreasing in time; gauges wander slowly around the
 * profile's means, each container with its own phase and period taken from its seed. {@link StrictMath} keeps
 * the results identical bit for bit in every JVM, interpreted or compiled.
 */
final class WorkloadModel {

  private static final double TWO_PI = 2 * Math.PI;
  /** Relative amplitude of the CPU-rate wobble; below 1 keeps the CPU counter increasing. */
  private static final double CPU_WOBBLE = 0.25;
  private static final double ANON_WANDER = 0.05;
  private static final double CACHE_WANDER = 0.10;
  private static final long PAGE = MemoryStats.PAGE_SIZE;

  private WorkloadModel() {
  }

  static CgroupSample sample(WorkloadProfile p, Instant startedAt, long seed, Instant at) {
    double seconds = elapsedSeconds(startedAt, at);
    CgroupLimits limits = p.limits();

    double util = limits.cpuQuotaMicros().isPresent() ? p.cpuCores() / limits.quotaCores() : 0;
    double throttledShare = limits.cpuQuotaMicros().isPresent() ? clamp((util - 0.5) * 1.2, 0, 0.9) : 0;
    CpuStats cpu = cpu(p, seed, seconds, util, throttledShare);

    Memory memNow = memory(p, seed, seconds, false);
    Memory memPeak = memory(p, seed, seconds, true);
    boolean nearLimit = limits.memoryLimitBytes().isPresent()
        && memPeak.usage >= 0.9 * limits.memoryLimitBytes().getAsLong();
    MemoryStats memory = memoryStats(p, seed, seconds, memNow, Math.max(memPeak.usage, memNow.usage), nearLimit);

    IoStats io = io(p, seconds);

    double cpuSome = limits.cpuQuotaMicros().isPresent()
        ? 0.01 + throttledShare * 0.4
        : 0.002 + 0.01 * Math.min(1, p.cpuCores());
    double memSome = nearLimit ? 0.03 : 0.0002;
    double ioRate = p.readBytesPerSecond() + p.writeBytesPerSecond();
    double ioSome = ioRate > 1 << 20 ? 0.01 : ioRate > 0 ? 0.001 : 0;
    return new CgroupSample(cpu, memory, io, p.threads(),
        pressure(cpuSome, 0.35, seconds, unit(seed, 7)),
        pressure(memSome, 0.5, seconds, unit(seed, 8)),
        pressure(ioSome, 0.6, seconds, unit(seed, 9)));
  }

  /** Counters of a pod's network interface: a steady rate per pod with a slow wobble. */
  static NetworkStats network(long seed, Instant createdAt, Instant at) {
    double seconds = elapsedSeconds(createdAt, at);
    double rxRate = 2_000 * StrictMath.pow(1_000, unit(seed, 20)); // 2 kB/s … 2 MB/s
    double txRate = rxRate * (0.3 + 1.2 * unit(seed, 21));
    long rx = (long) wobbled(rxRate, seconds, 0.2, 300 + 600 * unit(seed, 22), TWO_PI * unit(seed, 23));
    long tx = (long) wobbled(txRate, seconds, 0.2, 300 + 600 * unit(seed, 24), TWO_PI * unit(seed, 25));
    long rxErrors = (long) (seconds * 0.0001 * unit(seed, 26));
    return new NetworkStats("eth0", rx, rxErrors, tx, 0);
  }

  private static CpuStats cpu(WorkloadProfile p, long seed, double seconds, double util, double throttledShare) {
    double periodSeconds = 120 + 780 * unit(seed, 0);
    double rawNanos = wobbled(p.cpuCores() * 1e9, seconds, CPU_WOBBLE, periodSeconds, TWO_PI * unit(seed, 1));
    double systemShare = 0.1 + 0.2 * unit(seed, 2);
    long userMicros = (long) (rawNanos * (1 - systemShare) / 1_000);
    long systemMicros = (long) (rawNanos * systemShare / 1_000);

    long periods = 0;
    long throttled = 0;
    long throttledNanos = 0;
    CgroupLimits limits = p.limits();
    if (limits.cpuQuotaMicros().isPresent()) {
      long periodMicros = limits.cpuPeriodMicros();
      double activeShare = Math.min(1, 0.3 + util);
      periods = (long) (seconds * 1e6 / periodMicros * activeShare);
      throttled = (long) (periods * throttledShare);
      long perThrottleMicros = (long) (periodMicros * (0.15 + 0.3 * throttledShare));
      throttledNanos = throttled * perThrottleMicros * 1_000;
    }
    return new CpuStats(userMicros * 1_000, systemMicros * 1_000, periods, throttled, throttledNanos);
  }

  /** The memory in use; with {@code atCrest}, the highest it ever gets (every wander at its top). */
  private static Memory memory(WorkloadProfile p, long seed, double seconds, boolean atCrest) {
    double anonWave = atCrest ? 1 : wave(seconds, anonPeriod(seed), unit(seed, 4));
    double cacheWave = atCrest ? 1 : wave(seconds, cachePeriod(seed), unit(seed, 6));
    long anon = pages(p.anonBytes() * (1 + ANON_WANDER * anonWave));
    long cache = pages(p.pageCacheBytes() * (1 + CACHE_WANDER * cacheWave));
    long shmem = pages(p.shmemBytes());
    Memory m = new Memory(p, anon, cache, shmem);
    if (p.limits().memoryLimitBytes().isPresent()) {
      long limit = p.limits().memoryLimitBytes().getAsLong();
      if (m.usage > limit) {
        // The kernel reclaims page cache before it lets usage pass the limit.
        long excess = m.usage - limit;
        m = new Memory(p, anon, Math.max(0, cache - roundUpToPage(excess)), shmem);
      }
    }
    return m;
  }

  private static MemoryStats memoryStats(WorkloadProfile p, long seed, double seconds, Memory m, long peak,
      boolean nearLimit) {
    // Page faults must outpace the memory's own movement so that v1 pgpgout (pgpgin - usage) never drops.
    double slopePages = (p.anonBytes() * ANON_WANDER * TWO_PI / anonPeriod(seed)
        + p.pageCacheBytes() * CACHE_WANDER * TWO_PI / cachePeriod(seed)) / PAGE;
    double faultRate = Math.max(p.pageFaultsPerSecond(), 2 * slopePages + 1);
    long pgfault = (long) (faultRate * seconds);
    long pgmajfault = (long) (faultRate * seconds * 0.002);
    long maxEvents = nearLimit ? (long) (seconds * 0.2) : 0;
    long pgscan = nearLimit ? (long) (seconds * 40) : 0;
    long refaults = nearLimit ? (long) (seconds * 5) : 0;
    long file = m.cache + m.shmem;
    return new MemoryStats(
        m.anon,
        file,
        m.shmem,
        pages(file * 0.3),
        pages(Math.min(file * 0.01, p.writeBytesPerSecond() * 3)),
        m.activeAnon,
        m.activeFile,
        m.kernelStack,
        m.pagetables,
        m.percpu,
        0,
        m.slabReclaimable,
        m.slabUnreclaimable,
        m.usage,
        peak,
        0,
        pgfault,
        pgmajfault,
        pgfault / 8,
        pgscan,
        pgscan * 9 / 10,
        refaults,
        refaults / 3,
        maxEvents,
        0,
        0);
  }

  private static IoStats io(WorkloadProfile p, double seconds) {
    long readBytes = (long) (p.readBytesPerSecond() * seconds / PAGE) * PAGE;
    long writeBytes = (long) (p.writeBytesPerSecond() * seconds / PAGE) * PAGE;
    long readOps = Math.min((long) (p.readOpsPerSecond() * seconds), readBytes / 512);
    long writeOps = Math.min((long) (p.writeOpsPerSecond() * seconds), writeBytes / 512);
    return new IoStats(readBytes, writeBytes, readOps, writeOps);
  }

  private static Pressure pressure(double someShare, double fullRatio, double seconds, double phase) {
    if (someShare == 0) {
      return Pressure.ZERO;
    }
    double fullShare = someShare * fullRatio;
    return new Pressure(line(someShare, seconds, phase), line(fullShare, seconds, phase));
  }

  private static Pressure.Line line(double share, double seconds, double phase) {
    double percent = share * 100;
    return new Pressure.Line(
        hundredths(percent * (1 + 0.3 * StrictMath.sin(seconds / 7 + TWO_PI * phase))),
        hundredths(percent * (1 + 0.1 * StrictMath.sin(seconds / 40 + TWO_PI * phase))),
        hundredths(percent),
        (long) (seconds * 1e6 * share));
  }

  /**
   * The integral of {@code rate * (1 + amplitude * cos(ω t + φ))} from 0 to {@code seconds}: a counter whose
   * speed wobbles around {@code rate} but never drops below {@code rate * (1 - amplitude)}.
   */
  private static double wobbled(double rate, double seconds, double amplitude, double periodSeconds,
      double phase) {
    double omega = TWO_PI / periodSeconds;
    double drift = StrictMath.sin(omega * seconds + phase) - StrictMath.sin(phase);
    return rate * (seconds + amplitude * drift / omega);
  }

  /** {@code sin} of a slow oscillation with the given period and phase (as a fraction of a turn). */
  private static double wave(double seconds, double periodSeconds, double phaseTurns) {
    return StrictMath.sin(seconds * TWO_PI / periodSeconds + TWO_PI * phaseTurns);
  }

  private static double anonPeriod(long seed) {
    return 300 + 1_500 * unit(seed, 3);
  }

  private static double cachePeriod(long seed) {
    return 300 + 1_500 * unit(seed, 5);
  }

  static double elapsedSeconds(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return 0;
    }
    Duration d = Duration.between(from, to);
    return d.getSeconds() + d.getNano() / 1e9;
  }

  /** A value in [0, 1) fixed by {@code seed} and {@code salt} (SplitMix64's finaliser). */
  static double unit(long seed, int salt) {
    long z = seed + (salt + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }

  private static long pages(double bytes) {
    return bytes <= 0 ? 0 : ((long) bytes / PAGE) * PAGE;
  }

  private static long roundUpToPage(long bytes) {
    return (bytes + PAGE - 1) / PAGE * PAGE;
  }

  private static double hundredths(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** The parts of a container's memory that depend on how much anon and cache it holds. */
  private static final class Memory {
    final long anon;
    final long cache;
    final long shmem;
    final long activeAnon;
    final long activeFile;
    final long kernelStack;
    final long pagetables;
    final long percpu;
    final long slabReclaimable;
    final long slabUnreclaimable;
    final long usage;

    Memory(WorkloadProfile p, long anon, long cache, long shmem) {
      this.anon = anon;
      this.cache = cache;
      this.shmem = shmem;
      this.activeAnon = pages((anon + shmem) * 0.85);
      this.activeFile = pages(cache * 0.4);
      this.kernelStack = 16_384L * p.threads();
      this.pagetables = pages(anon / 512.0) + PAGE * p.processes();
      this.percpu = 960L * p.threads();
      this.slabReclaimable = (long) (cache * 0.015) + 65_536;
      this.slabUnreclaimable = (long) (anon * 0.004) + 32_768;
      long kernel = kernelStack + pagetables + percpu + slabReclaimable + slabUnreclaimable;
      this.usage = roundUpToPage(anon + cache + shmem + kernel);
    }
  }
}
