package dev.criexporter.exporter.check;

/**
 * The outcome of comparing one resource of one container.
 *
 * @param resource what was compared
 * @param verdict agreement or the kind of disagreement
 * @param criValue what the runtime said (seconds for CPU, bytes for memory)
 * @param cgroupValue what the kernel said, read just after the runtime answered
 * @param allowed the largest |difference| that still counts as agreement here
 */
public record Finding(Resource resource, Verdict verdict, double criValue, double cgroupValue,
    double allowed) {

  /** How a comparison came out. */
  public enum Verdict {
    /** Within tolerance. */
    AGREE("agree"),
    /** The runtime reports more than the kernel can explain. */
    CRI_HIGH("cri_high"),
    /** The runtime reports less than the kernel can explain. */
    CRI_LOW("cri_low"),
    /** The runtime's value or timestamp did not move while the kernel's did. */
    STALE("stale");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    /** The value of the {@code reason} label of failed checks. */
    public String label() {
      return label;
    }
  }

  /** CRI minus cgroup. */
  public double difference() {
    return criValue - cgroupValue;
  }

  /** (CRI − cgroup) / cgroup; 0 when both are 0. */
  public double relativeDifference() {
    if (cgroupValue == 0) {
      return criValue == 0 ? 0 : Math.signum(criValue);
    }
    return (criValue - cgroupValue) / cgroupValue;
  }

  public boolean failed() {
    return verdict != Verdict.AGREE;
  }
}
