package dev.criexporter.cgroup;

/** How the host mounts its cgroup hierarchies. */
public enum CgroupMode {
  /** A single cgroup v2 hierarchy holds every controller. */
  UNIFIED,
  /** cgroup v1 controller hierarchies, plus a cgroup v2 hierarchy (without controllers) at {@code <root>/unified}. */
  HYBRID,
  /** cgroup v1 controller hierarchies only. */
  LEGACY
}
