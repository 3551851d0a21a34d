package dev.criexporter.simulator;

/**
 * Counters that removed children left in a parent cgroup: containers and pod sandboxes kept apart, because
 * only some runtimes give a sandbox a cgroup of its own.
 */
record Retired(CgroupSample containers, CgroupSample sandboxes) {

  static final Retired NONE = new Retired(CgroupSample.ZERO, CgroupSample.ZERO);

  CgroupSample total(boolean sandboxCgroups) {
    return sandboxCgroups ? containers.plus(sandboxes) : containers;
  }

  Retired plus(Retired o) {
    return new Retired(containers.plus(o.containers), sandboxes.plus(o.sandboxes));
  }
}
