package dev.criexporter.simulator;

import java.util.Objects;

/**
 * What one container does, on average. The simulator turns it into counters that advance with time and
 * gauges that wander around these means.
 *
 * @param cpuCores             mean CPU use in cores
 * @param anonBytes            mean anonymous memory (heap, stacks)
 * @param pageCacheBytes       mean page cache, without shared memory
 * @param shmemBytes           shared memory (tmpfs, /dev/shm): counted as file pages, kept on the anon LRU
 * @param processes            number of processes
 * @param threads              number of tasks ({@code pids.current}), at least {@code processes}
 * @param readBytesPerSecond   block-device read rate
 * @param writeBytesPerSecond  block-device write rate
 * @param readOpsPerSecond     block-device read operations
 * @param writeOpsPerSecond    block-device write operations
 * @param pageFaultsPerSecond  minor page-fault rate (the simulator raises it where memory moves faster)
 * @param writableLayerBytes   bytes in the container's writable layer
 * @param limits               cgroup settings
 */
public record WorkloadProfile(
    double cpuCores,
    long anonBytes,
    long pageCacheBytes,
    long shmemBytes,
    int processes,
    int threads,
    double readBytesPerSecond,
    double writeBytesPerSecond,
    double readOpsPerSecond,
    double writeOpsPerSecond,
    double pageFaultsPerSecond,
    long writableLayerBytes,
    CgroupLimits limits) {

  public WorkloadProfile {
    Objects.requireNonNull(limits, "limits");
    requireNonNegative("cpuCores", cpuCores);
    requireNonNegative("anonBytes", anonBytes);
    requireNonNegative("pageCacheBytes", pageCacheBytes);
    requireNonNegative("shmemBytes", shmemBytes);
    requireNonNegative("readBytesPerSecond", readBytesPerSecond);
    requireNonNegative("writeBytesPerSecond", writeBytesPerSecond);
    requireNonNegative("readOpsPerSecond", readOpsPerSecond);
    requireNonNegative("writeOpsPerSecond", writeOpsPerSecond);
    requireNonNegative("pageFaultsPerSecond", pageFaultsPerSecond);
    requireNonNegative("writableLayerBytes", writableLayerBytes);
    if (processes < 1 || threads < processes) {
      throw new IllegalArgumentException(
          "need 1 <= processes <= threads, got processes=" + processes + " threads=" + threads);
    }
  }

  /** The pause process that holds a pod sandbox's namespaces: next to nothing. */
  public static WorkloadProfile pause() {
    return new WorkloadProfile(0.0001, 40_960, 0, 0, 1, 1, 0, 0, 0, 0, 0.01, 0,
        CgroupLimits.unlimited(CgroupLimits.MIN_CPU_SHARES));
  }

  /** The same workload with other cgroup settings. */
  public WorkloadProfile withLimits(CgroupLimits newLimits) {
    return new WorkloadProfile(cpuCores, anonBytes, pageCacheBytes, shmemBytes, processes, threads,
        readBytesPerSecond, writeBytesPerSecond, readOpsPerSecond, writeOpsPerSecond,
        pageFaultsPerSecond, writableLayerBytes, newLimits);
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite value >= 0, got " + value);
    }
  }
}
