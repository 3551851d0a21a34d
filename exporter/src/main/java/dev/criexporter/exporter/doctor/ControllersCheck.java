package dev.criexporter.exporter.doctor;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cgroup.HostCgroups;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether the cgroup controllers Kubernetes relies on exist and reach the pod hierarchy. On
 * cgroup v2 a controller must be listed in the root's {@code cgroup.controllers} (the kernel has
 * it) and in its {@code cgroup.subtree_control} or the {@code cgroup.controllers} of the kubepods
 * cgroup (it is delegated to the pods); on v1 its hierarchy must be mounted.
 */
final class ControllersCheck implements NodeCheck {

  private final CheckId id;
  private final List<String> v2;
  private final List<String> v1;
  private final String why;

  private ControllersCheck(CheckId id, List<String> v2, List<String> v1, String why) {
    this.id = id;
    this.v2 = v2;
    this.v1 = v1;
    this.why = why;
  }

  /** cpu, cpuset, memory and pids (v1: and cpuacct): kubelet does not run pods without them. */
  static ControllersCheck required() {
    return new ControllersCheck(CheckId.CGROUP_CONTROLLERS,
        List.of("cpu", "cpuset", "memory", "pids"),
        List.of("cpu", "cpuacct", "cpuset", "memory", "pids"),
        "kubelet refuses to start, or cannot enforce CPU, memory and PID limits, without them.");
  }

  /** io (v1: blkio): disk I/O accounting and limits. */
  static ControllersCheck io() {
    return new ControllersCheck(CheckId.CGROUP_IO, List.of("io"), List.of("blkio"),
        "without it there are no per-container disk I/O figures (container_fs_* series) and no"
            + " I/O weights or limits.");
  }

  @Override
  public CheckId id() {
    return id;
  }

  @Override
  public CheckResult run(NodeFacts facts) {
    if (facts.cgroups().host().isEmpty()) {
      return CheckResult.unknown(id, facts.shownCgroupRoot() + ": " + facts.cgroups().problem(),
          Remedies.MOUNT_CGROUP);
    }
    HostCgroups host = facts.cgroups().host().get();
    return host.mode() == CgroupMode.UNIFIED ? unified(facts, host) : legacy(facts, host);
  }

  private CheckResult unified(NodeFacts facts, HostCgroups host) {
    Path root = host.unifiedDir().orElseThrow();
    FileText controllers = facts.files().at(root.resolve("cgroup.controllers"));
    if (!controllers.ok()) {
      return CheckResult.unknown(id, controllers.describeProblem(), Remedies.MOUNT_CGROUP);
    }
    Set<String> available = words(controllers.trimmed());
    List<String> missing = v2.stream().filter(c -> !available.contains(c)).toList();
    if (!missing.isEmpty()) {
      return CheckResult.failed(id, "missing:" + String.join("+", missing),
          String.join(", ", missing) + " not in " + controllers.where() + " ("
              + controllers.trimmed() + ")",
          "The kernel does not offer " + String.join(", ", missing) + ": check the kernel"
              + " configuration (CONFIG_CGROUP_*) and cgroup_disable= on the kernel command"
              + " line; " + why);
    }
    FileText subtree = facts.files().at(root.resolve("cgroup.subtree_control"));
    Set<String> delegated = new LinkedHashSet<>(words(subtree.trimmed()));
    Path kubepods = kubepods(facts, root);
    FileText podControllers = kubepods == null ? null
        : facts.files().at(kubepods.resolve("cgroup.controllers"));
    if (podControllers != null) {
      delegated.addAll(words(podControllers.trimmed()));
    }
    List<String> undelegated = v2.stream().filter(c -> !delegated.contains(c)).toList();
    String seen = controllers.where() + ": " + controllers.trimmed() + "; "
        + describe(subtree) + (podControllers == null ? "" : "; " + describe(podControllers));
    if (!undelegated.isEmpty()) {
      return CheckResult.failed(id, "undelegated:" + String.join("+", undelegated),
          String.join(", ", undelegated) + " available but not delegated to the pods: " + seen,
          "Enable " + String.join(", ", undelegated) + " for the child cgroups (systemd does so"
              + " for units that ask: Delegate=yes on the kubelet's and runtime's units; by hand:"
              + " echo +" + undelegated.get(0) + " > " + facts.shownCgroupRoot()
              + "/cgroup.subtree_control); " + why);
    }
    return CheckResult.ok(id, "available", seen);
  }

  private CheckResult legacy(NodeFacts facts, HostCgroups host) {
    List<String> dirs = facts.files().subdirectories(host.root()).stream()
        .filter(n -> !n.equals(HostCgroups.UNIFIED_DIR_NAME)).toList();
    Set<String> mounted = new LinkedHashSet<>();
    dirs.forEach(d -> mounted.addAll(Arrays.asList(d.split(","))));
    List<String> missing = v1.stream().filter(c -> !mounted.contains(c)).toList();
    String seen = "cgroup v1 hierarchies under " + facts.shownCgroupRoot() + ": "
        + (dirs.isEmpty() ? "none" : String.join(", ", dirs));
    if (!missing.isEmpty()) {
      return CheckResult.failed(id, "missing:" + String.join("+", missing),
          String.join(", ", missing) + " not mounted; " + seen,
          "Mount the missing hierarchies (mount -t cgroup -o " + missing.get(0) + " cgroup "
              + facts.shownCgroupRoot() + "/" + missing.get(0) + ", normally done by systemd or"
              + " cgroupfs-mount) and check cgroup_disable= on the kernel command line; " + why);
    }
    return CheckResult.ok(id, "available", seen);
  }

  /** The kubepods cgroup of either driver, if it exists. */
  private static Path kubepods(NodeFacts facts, Path root) {
    for (String name : List.of("kubepods.slice", "kubepods")) {
      if (facts.files().isDirectory(root.resolve(name))) {
        return root.resolve(name);
      }
    }
    return null;
  }

  private static String describe(FileText f) {
    return f.ok() ? f.where() + ": " + (f.trimmed().isEmpty() ? "(empty)" : f.trimmed())
        : f.describeProblem();
  }

  /** The space-separated words of a cgroup list file. */
  static Set<String> words(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String w : text.trim().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }
}
