package dev.criexporter.testsupport.containerd;

/**
 * A pod's Kubernetes QoS class, which decides where kubelet (cgroupfs driver) puts the pod's
 * cgroup: {@code /kubepods/pod<uid>} for guaranteed pods, {@code /kubepods/burstable/pod<uid>}
 * and {@code /kubepods/besteffort/pod<uid>} for the others.
 *
 * <p>Only the cgroup placement follows from it here; the resources given to the containers are
 * whatever the {@link ContainerSpec}s say.
 */
public enum QosClass {
  GUARANTEED(""),
  BURSTABLE("burstable"),
  BEST_EFFORT("besteffort");

  private final String directory;

  QosClass(String directory) {
    this.directory = directory;
  }

  /** The cgroup parent kubelet gives a pod of this class, e.g. {@code /kubepods/burstable/pod<uid>}. */
  public String cgroupParent(String podUid) {
    return "/kubepods" + (directory.isEmpty() ? "" : "/" + directory) + "/pod" + podUid;
  }
}
