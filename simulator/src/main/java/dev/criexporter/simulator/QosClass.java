package dev.criexporter.simulator;

/** The pod quality-of-service classes of the kubelet, with the cgroup level each one adds under kubepods. */
public enum QosClass {
  /** Every container has equal CPU and memory requests and limits: pods sit directly under kubepods. */
  GUARANTEED(""),
  /** At least one request set, not guaranteed. */
  BURSTABLE("burstable"),
  /** No requests and no limits. */
  BEST_EFFORT("besteffort");

  private final String cgroupLevel;

  QosClass(String cgroupLevel) {
    this.cgroupLevel = cgroupLevel;
  }

  /** The cgroup level name ({@code burstable}, {@code besteffort}), empty for guaranteed pods. */
  public String cgroupLevel() {
    return cgroupLevel;
  }

  public boolean hasCgroupLevel() {
    return !cgroupLevel.isEmpty();
  }
}
