package dev.criexporter.cgroup.path;

/** How a container's cgroup directory is named; the id is 64 lowercase hex digits. */
public enum CgroupNameStyle {
  /** {@code <id>}: containerd (and others) with the cgroupfs driver. */
  BARE_ID("", ""),
  /** {@code cri-containerd-<id>.scope}: containerd with the systemd driver. */
  CRI_CONTAINERD_SCOPE("cri-containerd-", ".scope"),
  /** {@code crio-<id>.scope}: CRI-O with the systemd driver. */
  CRIO_SCOPE("crio-", ".scope"),
  /** {@code crio-<id>}: CRI-O with the cgroupfs driver. */
  CRIO_BARE("crio-", ""),
  /** {@code docker-<id>.scope}: Docker (cri-dockerd) with the systemd driver. */
  DOCKER_SCOPE("docker-", ".scope");

  /** Length of a container id. */
  public static final int ID_LENGTH = 64;

  private final String prefix;
  private final String suffix;

  CgroupNameStyle(String prefix, String suffix) {
    this.prefix = prefix;
    this.suffix = suffix;
  }

  /** The directory name of container {@code id} in this style. */
  public String directoryName(String id) {
    return prefix + id + suffix;
  }

  /** Whether {@code dirName} is a container directory in this style. */
  public boolean matches(String dirName) {
    return dirName.length() == prefix.length() + ID_LENGTH + suffix.length()
        && dirName.startsWith(prefix)
        && dirName.endsWith(suffix)
        && isContainerId(dirName, prefix.length());
  }

  /** The container id of a directory name that {@link #matches} this style. */
  public String idOf(String dirName) {
    return dirName.substring(prefix.length(), prefix.length() + ID_LENGTH);
  }

  /**
   * The style of a container directory name, or null if {@code dirName} is not one. CRI-O's
   * {@code crio-conmon-<id>.scope} (its monitor process) is not a container directory.
   */
  public static CgroupNameStyle of(String dirName) {
    for (CgroupNameStyle style : values()) {
      if (style.matches(dirName)) {
        return style;
      }
    }
    return null;
  }

  /** Whether {@code id} is 64 lowercase hex digits. */
  public static boolean isContainerId(String id) {
    return id.length() == ID_LENGTH && isContainerId(id, 0);
  }

  private static boolean isContainerId(String s, int from) {
    for (int i = from; i < from + ID_LENGTH; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
