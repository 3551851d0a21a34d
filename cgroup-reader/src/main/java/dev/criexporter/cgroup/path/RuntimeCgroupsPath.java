package dev.criexporter.cgroup.path;

import dev.criexporter.cgroup.CgroupPaths;

/**
 * Converts the OCI runtime spec's {@code linux.cgroupsPath}, as a container runtime reports it, into a cgroup path
 * relative to the hierarchy root. Two forms exist:
 * <ul>
 *   <li>cgroupfs driver: a plain path, {@code /kubepods/burstable/pod<uid>/<id>};</li>
 *   <li>systemd driver: {@code slice:prefix:name}, e.g.
 *       {@code kubepods-burstable-pod<uid>.slice:cri-containerd:<id>}, meaning the unit {@code prefix-name.scope}
 *       inside the slice, whose dashes denote nesting:
 *       {@code kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope}.
 *       </li>
 * </ul>
 */
public final class RuntimeCgroupsPath {

  private static final String SLICE_SUFFIX = ".slice";
  private static final String ROOT_SLICE = "-.slice";
  /** The parent systemd uses when a systemd-form path names none. */
  private static final String DEFAULT_SLICE = "system.slice";

  private RuntimeCgroupsPath() {
  }

  /**
   * The relative cgroup path for {@code cgroupsPath}.
   *
   * @throws IllegalArgumentException if it is blank, or a malformed systemd form
   */
  public static String toRelativePath(String cgroupsPath) {
    if (cgroupsPath == null || cgroupsPath.isBlank()) {
      throw new IllegalArgumentException("empty cgroupsPath");
    }
    if (!isSystemdForm(cgroupsPath)) {
      return CgroupPaths.toRelative(cgroupsPath);
    }
    String[] parts = cgroupsPath.split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("expected slice:prefix:name, got '" + cgroupsPath + "'");
    }
    String slice = parts[0].isEmpty() ? DEFAULT_SLICE : parts[0];
    String unit = unitName(parts[1], parts[2], cgroupsPath);
    String expanded = expandSlice(slice);
    return expanded.isEmpty() ? unit : expanded + "/" + unit;
  }

  /** Whether {@code cgroupsPath} is in the systemd {@code slice:prefix:name} form rather than a plain path. */
  public static boolean isSystemdForm(String cgroupsPath) {
    return !cgroupsPath.startsWith("/") && cgroupsPath.indexOf(':') >= 0;
  }

  /**
   * The nested path of a systemd slice: {@code a-b-c.slice} becomes {@code a.slice/a-b.slice/a-b-c.slice};
   * the root slice {@code -.slice} becomes {@code ""}.
   *
   * @throws IllegalArgumentException if {@code slice} does not end in {@code .slice}, holds a {@code /}, or has
   *     an empty dash-separated part
   */
  public static String expandSlice(String slice) {
    if (!slice.endsWith(SLICE_SUFFIX) || slice.indexOf('/') >= 0) {
      throw new IllegalArgumentException("not a slice name: '" + slice + "'");
    }
    if (slice.equals(ROOT_SLICE)) {
      return "";
    }
    String base = slice.substring(0, slice.length() - SLICE_SUFFIX.length());
    if (base.isEmpty() || base.startsWith("-") || base.endsWith("-") || base.contains("--")) {
      throw new IllegalArgumentException("invalid slice name: '" + slice + "'");
    }
    StringBuilder path = new StringBuilder(base.length() * 3);
    int dash = base.indexOf('-');
    while (dash >= 0) {
      path.append(base, 0, dash).append(SLICE_SUFFIX).append('/');
      dash = base.indexOf('-', dash + 1);
    }
    return path.append(slice).toString();
  }

  private static String unitName(String prefix, String name, String cgroupsPath) {
    if (name.isEmpty() || name.indexOf('/') >= 0 || prefix.indexOf('/') >= 0) {
      throw new IllegalArgumentException("invalid unit in '" + cgroupsPath + "'");
    }
    if (name.endsWith(SLICE_SUFFIX)) {
      return name;
    }
    return prefix.isEmpty() ? name + ".scope" : prefix + "-" + name + ".scope";
  }
}
