package dev.criexporter.exporter.check;

/** What the cross-check compares between the runtime's answer and the cgroup files. */
public enum Resource {
  /** CRI {@code cpu.usage_core_nano_seconds} vs cgroup CPU usage (v2 cpu.stat usage_usec, v1 cpuacct.usage). */
  CPU("cpu"),
  /** CRI {@code memory.working_set_bytes} vs usage − inactive_file. */
  WORKING_SET("working_set"),
  /** CRI {@code memory.usage_bytes} vs memory.current (v1 memory.usage_in_bytes). */
  USAGE("usage"),
  /** CRI {@code memory.rss_bytes} vs anon (v1 total_rss). */
  RSS("rss");

  private final String label;

  Resource(String label) {
    this.label = label;
  }

  /** The value of the {@code resource} label. */
  public String label() {
    return label;
  }
}
