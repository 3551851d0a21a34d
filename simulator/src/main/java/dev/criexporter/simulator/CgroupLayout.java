package dev.criexporter.simulator;

import java.util.Objects;

/**
 * Where a runtime and the kubelet put pod and container cgroups, relative to the cgroup root.
 *
 * <ul>
 *   <li>containerd + systemd: {@code kubepods.slice/kubepods-burstable.slice/}
 *       {@code kubepods-burstable-pod<uid with _>.slice/cri-containerd-<id>.scope}</li>
 *   <li>containerd + cgroupfs: {@code kubepods/burstable/pod<uid>/<id>}</li>
 *   <li>CRI-O + systemd: {@code …/kubepods-burstable-pod<uid with _>.slice/crio-<id>.scope}, with crun optionally a
 *       {@code container/} sub-cgroup inside the scope that holds the processes</li>
 *   <li>CRI-O + cgroupfs: {@code kubepods/burstable/pod<uid>/crio-<id>}</li>
 * </ul>
 * Guaranteed pods have no QoS level: {@code kubepods.slice/kubepods-pod<uid>.slice}, {@code kubepods/pod<uid>}.
 *
 * @param runtime        whose naming the container cgroups follow
 * @param driver         the cgroup driver of the kubelet and the runtime
 * @param crunSubCgroup  processes live in a {@code container/} child of the container's scope
 * @param sandboxCgroups the pod sandbox runs a pause process in a cgroup of its own, beside the containers.
 *                       containerd always does; CRI-O by default does not ({@code drop_infra_ctr}), so its pods
 *                       have no sandbox cgroup
 */
public record CgroupLayout(Runtime runtime, Driver driver, boolean crunSubCgroup, boolean sandboxCgroups) {

  public enum Runtime { CONTAINERD, CRIO }

  public enum Driver { SYSTEMD, CGROUPFS }

  public static final CgroupLayout CONTAINERD_SYSTEMD =
      new CgroupLayout(Runtime.CONTAINERD, Driver.SYSTEMD, false, true);
  public static final CgroupLayout CONTAINERD_CGROUPFS =
      new CgroupLayout(Runtime.CONTAINERD, Driver.CGROUPFS, false, true);
  public static final CgroupLayout CRIO_SYSTEMD =
      new CgroupLayout(Runtime.CRIO, Driver.SYSTEMD, false, false);
  public static final CgroupLayout CRIO_SYSTEMD_CRUN =
      new CgroupLayout(Runtime.CRIO, Driver.SYSTEMD, true, false);
  public static final CgroupLayout CRIO_CGROUPFS =
      new CgroupLayout(Runtime.CRIO, Driver.CGROUPFS, false, false);

  /** The sub-cgroup crun creates inside a container's scope. */
  public static final String CRUN_SUB_CGROUP = "container";

  public CgroupLayout {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(driver, "driver");
  }

  public CgroupLayout withSandboxCgroups(boolean enabled) {
    return new CgroupLayout(runtime, driver, crunSubCgroup, enabled);
  }

  /** {@code kubepods.slice} or {@code kubepods}. */
  public String kubepodsPath() {
    return driver == Driver.SYSTEMD ? "kubepods.slice" : "kubepods";
  }

  /** The QoS level's path; for guaranteed pods, kubepods itself. */
  public String qosPath(QosClass qos) {
    if (!qos.hasCgroupLevel()) {
      return kubepodsPath();
    }
    return driver == Driver.SYSTEMD
        ? kubepodsPath() + "/kubepods-" + qos.cgroupLevel() + ".slice"
        : kubepodsPath() + "/" + qos.cgroupLevel();
  }

  /** The pod's cgroup path. */
  public String podPath(SimPod pod) {
    return qosPath(pod.qos()) + "/" + podLeafName(pod);
  }

  /** The path of the cgroup of a container (or of a sandbox, given its id) in {@code pod}. */
  public String containerPath(SimPod pod, String id) {
    return podPath(pod) + "/" + containerLeafName(id);
  }

  /** Where the container's processes are: its cgroup, or crun's sub-cgroup within it. */
  public String processPath(SimPod pod, String id) {
    String path = containerPath(pod, id);
    return crunSubCgroup ? path + "/" + CRUN_SUB_CGROUP : path;
  }

  /**
   * {@code linux.cgroupsPath} in the OCI runtime spec the runtime hands to runc or crun: systemd's
   * {@code slice:prefix:name} form, or an absolute cgroupfs path.
   */
  public String runtimeSpecCgroupsPath(SimPod pod, String id) {
    if (driver == Driver.SYSTEMD) {
      String prefix = runtime == Runtime.CONTAINERD ? "cri-containerd" : "crio";
      return podLeafName(pod) + ":" + prefix + ":" + id;
    }
    return "/" + containerPath(pod, id);
  }

  /** The cgroup parent the kubelet gives the pod sandbox ({@code linux.cgroup_parent}). */
  public String cgroupParent(SimPod pod) {
    return driver == Driver.SYSTEMD ? podLeafName(pod) : "/" + podPath(pod);
  }

  private String podLeafName(SimPod pod) {
    if (driver == Driver.SYSTEMD) {
      String qos = pod.qos().hasCgroupLevel() ? pod.qos().cgroupLevel() + "-" : "";
      return "kubepods-" + qos + "pod" + pod.uid().replace('-', '_') + ".slice";
    }
    return "pod" + pod.uid();
  }

  private String containerLeafName(String id) {
    if (runtime == Runtime.CONTAINERD) {
      return driver == Driver.SYSTEMD ? "cri-containerd-" + id + ".scope" : id;
    }
    return driver == Driver.SYSTEMD ? "crio-" + id + ".scope" : "crio-" + id;
  }
}
