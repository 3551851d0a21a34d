package dev.criexporter.exporter.doctor;

/** Remedies several checks share. */
final class Remedies {
  private Remedies() {
  }

  static final String MOUNT_CGROUP = "Make the host's cgroup tree visible: on the node run with"
      + " --path.hostroot=/; in a pod mount the host's /sys/fs/cgroup read-only and point"
      + " --path.cgroup at it.";

  static final String MOUNT_PROC = "Make the host's /proc visible: run on the node, or mount the"
      + " host's /proc read-only under --path.hostroot (e.g. /host/proc).";

  static final String MOUNT_SYS = "Make the host's /sys visible: run on the node, or mount the"
      + " host's /sys read-only under --path.hostroot (e.g. /host/sys).";

  static final String REACH_RUNTIME = "Make the runtime reachable first (see the runtime check).";

  static final String MOUNT_KUBELET = "Make the kubelet's configuration visible: mount"
      + " /var/lib/kubelet/config.yaml and /var/lib/kubelet/kubeadm-flags.env (or the file your"
      + " kubelet's --config names) read-only under --path.hostroot.";
}
