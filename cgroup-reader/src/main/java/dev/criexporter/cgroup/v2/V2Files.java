package dev.criexporter.cgroup.v2;

/** Names of the cgroup v2 interface files this module reads. */
public final class V2Files {

  public static final String CPU_STAT = "cpu.stat";
  public static final String CPU_MAX = "cpu.max";
  public static final String CPU_WEIGHT = "cpu.weight";
  public static final String MEMORY_CURRENT = "memory.current";
  public static final String MEMORY_STAT = "memory.stat";
  public static final String MEMORY_MAX = "memory.max";
  public static final String MEMORY_HIGH = "memory.high";
  public static final String MEMORY_LOW = "memory.low";
  public static final String MEMORY_MIN = "memory.min";
  public static final String MEMORY_PEAK = "memory.peak";
  public static final String MEMORY_EVENTS = "memory.events";
  public static final String MEMORY_SWAP_CURRENT = "memory.swap.current";
  public static final String MEMORY_SWAP_MAX = "memory.swap.max";
  public static final String PIDS_CURRENT = "pids.current";
  public static final String PIDS_MAX = "pids.max";
  public static final String IO_STAT = "io.stat";
  public static final String CPU_PRESSURE = "cpu.pressure";
  public static final String MEMORY_PRESSURE = "memory.pressure";
  public static final String IO_PRESSURE = "io.pressure";

  private V2Files() {
  }
}
