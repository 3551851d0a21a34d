package dev.criexporter.exporter.doctor;

import java.util.Objects;

/**
 * Everything the checks of one run look at: the host's files, the cgroup layout and the
 * runtime's answers, each gathered once.
 *
 * @param files read-only access to the host's files
 * @param cgroups the cgroup layout
 * @param runtime the runtime's answers
 */
public record NodeFacts(HostFiles files, CgroupFacts cgroups, RuntimeFacts runtime) {

  public NodeFacts {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(cgroups, "cgroups");
    Objects.requireNonNull(runtime, "runtime");
  }

  /** The paths of this run. */
  public DoctorPaths paths() {
    return files.paths();
  }

  /** The cgroup root as the host sees it, for evidence. */
  public String shownCgroupRoot() {
    return paths().shown(paths().cgroupRoot());
  }
}
