package dev.criexporter.exporter.doctor;

import dev.criexporter.cgroup.HostCgroups;
import dev.criexporter.cgroup.V1Controller;
import java.util.stream.Collectors;

/** cgroup v2 is fine; hybrid and legacy v1 work but miss features and support. */
final class CgroupModeCheck implements NodeCheck {

  static final String TO_V2 = "Move the node to cgroup v2: boot with"
      + " systemd.unified_cgroup_hierarchy=1 (and without cgroup_no_v1=) or use a distribution"
      + " that defaults to it; switch runtime and kubelet to the systemd cgroup driver at the"
      + " same time. Kubernetes put cgroup v1 in maintenance mode in 1.31; v1 has no"
      + " per-container PSI, no memory.peak and a weaker memory controller.";

  @Override
  public CheckId id() {
    return CheckId.CGROUP_MODE;
  }

  @Override
  public CheckResult run(NodeFacts facts) {
    CgroupFacts cg = facts.cgroups();
    String root = facts.shownCgroupRoot();
    if (cg.host().isEmpty()) {
      return CheckResult.unknown(id(), root + ": " + cg.problem(), Remedies.MOUNT_CGROUP);
    }
    HostCgroups host = cg.host().get();
    String how = cg.how().equals("files") ? " (from its files)" : "";
    return switch (host.mode()) {
      case UNIFIED -> CheckResult.ok(id(), "v2", root + " is cgroup v2, the unified hierarchy"
          + how);
      case HYBRID -> CheckResult.failed(id(), "hybrid", root + " is hybrid" + how
          + ": cgroup v1 hierarchies " + v1(host) + ", and a cgroup2 at " + root
          + "/unified that holds no controllers", TO_V2);
      case LEGACY -> CheckResult.failed(id(), "v1", root + " is cgroup v1 only" + how
          + ": hierarchies " + v1(host), TO_V2);
    };
  }

  private static String v1(HostCgroups host) {
    return host.controllerDirs().keySet().stream().map(V1Controller::kernelName)
        .collect(Collectors.joining(", "));
  }
}
