package dev.criexporter.exporter.doctor;

/**
 * Every check the doctor makes, in report order. The name is the {@code check} label of the
 * {@code cri_node_check_*} series, so the set of series is fixed and small.
 */
public enum CheckId {
  CGROUP_MODE("cgroup_mode", Severity.WARNING, "cgroup v2 (unified hierarchy)"),
  CGROUP_CONTROLLERS("cgroup_controllers", Severity.CRITICAL,
      "cpu, cpuset, memory and pids controllers available and delegated"),
  CGROUP_IO("cgroup_io", Severity.WARNING, "io (v2) or blkio (v1) controller available and delegated"),
  PSI("psi", Severity.WARNING, "pressure stall information"),
  RUNTIME("runtime", Severity.CRITICAL, "runtime answers CRI v1 Version"),
  RUNTIME_CONDITIONS("runtime_conditions", Severity.CRITICAL, "RuntimeReady and NetworkReady"),
  CRI_CONTAINER_STATS("cri_container_stats", Severity.CRITICAL, "ListContainerStats implemented"),
  CRI_POD_SANDBOX_STATS("cri_pod_sandbox_stats", Severity.WARNING,
      "ListPodSandboxStats implemented"),
  CRI_METRIC_DESCRIPTORS("cri_metric_descriptors", Severity.WARNING,
      "ListMetricDescriptors answers or is cleanly unimplemented"),
  CGROUP_DRIVER("cgroup_driver", Severity.CRITICAL, "runtime and kubelet use the same cgroup driver"),
  OVERLAYFS("overlayfs", Severity.WARNING, "overlay file system available"),
  SNAPSHOTTER("snapshotter", Severity.CRITICAL, "the runtime's snapshotter can work on this kernel"),
  KERNEL("kernel", Severity.WARNING, "kernel 4.19 or newer"),
  IP_FORWARD("ip_forward", Severity.CRITICAL, "net.ipv4.ip_forward = 1"),
  SECCOMP("seccomp", Severity.WARNING, "seccomp filters available"),
  SECURITY_MODULE("security_module", Severity.WARNING, "AppArmor enabled or SELinux enforcing"),
  CROSSCHECK("crosscheck", Severity.WARNING,
      "no ghost or missing cgroups, runtime figures agree with the kernel's");

  private final String label;
  private final Severity severity;
  private final String summary;

  CheckId(String label, Severity severity, String summary) {
    this.label = label;
    this.severity = severity;
    this.summary = summary;
  }

  /** The check's name: {@code cgroup_mode}, {@code ip_forward}, ... */
  public String label() {
    return label;
  }

  /** What a failure of this check means. */
  public Severity severity() {
    return severity;
  }

  /** What passing means, in a few words. */
  public String summary() {
    return summary;
  }
}
