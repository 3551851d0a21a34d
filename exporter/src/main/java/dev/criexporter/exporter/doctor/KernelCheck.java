package dev.criexporter.exporter.doctor;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kernel 4.19 or newer, the oldest long-term kernel current Kubernetes releases support. */
final class KernelCheck implements NodeCheck {

  static final int MIN_MAJOR = 4;
  static final int MIN_MINOR = 19;
  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

  @Override
  public CheckId id() {
    return CheckId.KERNEL;
  }

  @Override
  public CheckResult run(NodeFacts facts) {
    FileText f = facts.files().kernel("/proc/sys/kernel/osrelease");
    if (!f.ok()) {
      return CheckResult.unknown(id(), f.describeProblem(), Remedies.MOUNT_PROC);
    }
    String release = f.trimmed();
    Optional<int[]> v = parse(release);
    if (v.isEmpty()) {
      return CheckResult.unknown(id(), f.where() + " = " + release + ": not a kernel version",
          "Check " + f.where() + " by hand (uname -r).");
    }
    String evidence = f.where() + " = " + release;
    if (atLeast(v.get(), MIN_MAJOR, MIN_MINOR)) {
      return CheckResult.ok(id(), release, evidence);
    }
    return CheckResult.failed(id(), release, evidence + ", older than " + MIN_MAJOR + "."
        + MIN_MINOR, "Upgrade to a 4.19 or newer long-term kernel (5.8+ for complete cgroup v2,"
        + " 5.15+ recommended): Kubernetes no longer supports older kernels, which lack PSI and"
        + " current cgroup and overlay fixes.");
  }

  /** Major and minor of a release string such as {@code 6.1.0-18-amd64}. */
  static Optional<int[]> parse(String release) {
    Matcher m = VERSION.matcher(release);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static boolean atLeast(int[] v, int major, int minor) {
    return v[0] > major || (v[0] == major && v[1] >= minor);
  }
}
