package dev.criexporter.cgroup.path;

import java.util.Objects;

/**
 * A container cgroup directory found in the hierarchy. Pod sandboxes ("pause" containers) have one too.
 *
 * @param containerId the 64-hex id in the directory name
 * @param relativePath the cgroup path relative to the hierarchy root, without a leading slash
 * @param style how the directory is named (hints at runtime and cgroup driver)
 */
public record ContainerCgroup(String containerId, String relativePath, CgroupNameStyle style) {

  public ContainerCgroup {
    Objects.requireNonNull(containerId, "containerId");
    Objects.requireNonNull(relativePath, "relativePath");
    Objects.requireNonNull(style, "style");
  }
}
