package dev.criexporter.cgroup.v1;

/** Names of the cgroup v1 interface files this module reads. */
public final class V1Files {

  public static final String CPUACCT_USAGE = "cpuacct.usage";
  public static final String CPUACCT_STAT = "cpuacct.stat";
  public static final String CPU_STAT = "cpu.stat";
  public static final String CPU_CFS_QUOTA_US = "cpu.cfs_quota_us";
  public static final String CPU_CFS_PERIOD_US = "cpu.cfs_period_us";
  public static final String CPU_SHARES = "cpu.shares";
  public static final String MEMORY_USAGE_IN_BYTES = "memory.usage_in_bytes";
  public static final String MEMORY_MAX_USAGE_IN_BYTES = "memory.max_usage_in_bytes";
  public static final String MEMORY_LIMIT_IN_BYTES = "memory.limit_in_bytes";
  public static final String MEMORY_SOFT_LIMIT_IN_BYTES = "memory.soft_limit_in_bytes";
  public static final String MEMORY_FAILCNT = "memory.failcnt";
  public static final String MEMORY_STAT = "memory.stat";
  public static final String MEMORY_OOM_CONTROL = "memory.oom_control";
  public static final String MEMORY_MEMSW_USAGE_IN_BYTES = "memory.memsw.usage_in_bytes";
  public static final String MEMORY_MEMSW_LIMIT_IN_BYTES = "memory.memsw.limit_in_bytes";
  public static final String PIDS_CURRENT = "pids.current";
  public static final String PIDS_MAX = "pids.max";
  public static final String BLKIO_THROTTLE_IO_SERVICE_BYTES = "blkio.throttle.io_service_bytes";
  public static final String BLKIO_THROTTLE_IO_SERVICED = "blkio.throttle.io_serviced";

  private V1Files() {
  }
}
