package dev.criexporter.exporter.doctor;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cgroup.HostCgroups;
import java.util.Objects;
import java.util.Optional;

/**
 * The cgroup layout as found, or why it could not be found.
 *
 * @param host the layout, when the cgroup root is a cgroup hierarchy
 * @param how how the mode was established: {@code statfs} of the mounts, or {@code files} (the
 *     layout of the directory tree, when statfs cannot tell, e.g. a copy of the tree)
 * @param problem why there is no layout; empty when there is one
 */
public record CgroupFacts(Optional<HostCgroups> host, String how, String problem) {

  public CgroupFacts {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(how, "how");
    Objects.requireNonNull(problem, "problem");
  }

  static CgroupFacts found(HostCgroups host, String how) {
    return new CgroupFacts(Optional.of(host), how, "");
  }

  static CgroupFacts unusable(String problem) {
    return new CgroupFacts(Optional.empty(), "", problem);
  }

  /** The mode, when known. */
  public Optional<CgroupMode> mode() {
    return host.map(HostCgroups::mode);
  }
}
