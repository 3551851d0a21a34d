package dev.criexporter.cgroup;

/** The cgroup v1 controllers whose hierarchies this module reads. */
public enum V1Controller {
  CPU("cpu"),
  CPUACCT("cpuacct"),
  MEMORY("memory"),
  PIDS("pids"),
  BLKIO("blkio");

  private final String kernelName;

  V1Controller(String kernelName) {
    this.kernelName = kernelName;
  }

  /** The controller's name as the kernel spells it in mount options and directory names. */
  public String kernelName() {
    return kernelName;
  }
}
