package dev.criexporter.exporter.doctor;

import java.util.Optional;

/**
 * seccomp filters: the kernel shows a {@code Seccomp:} line in {@code /proc/self/status} when it
 * has seccomp; the kernel's build configuration under {@code /boot} tells about filter support
 * when the status cannot be read.
 */
final class SeccompCheck implements NodeCheck {

  static final String REMEDY = "Use a kernel with CONFIG_SECCOMP=y and CONFIG_SECCOMP_FILTER=y:"
      + " without them pods that ask for a seccomp profile (RuntimeDefault, which the"
      + " 'restricted' Pod Security Standard requires) fail to start.";

  @Override
  public CheckId id() {
    return CheckId.SECCOMP;
  }

  @Override
  public CheckResult run(NodeFacts facts) {
    FileText status = facts.files().kernel("/proc/self/status");
    if (status.ok()) {
      Optional<String> mode = field(status.text().get(), "Seccomp");
      if (mode.isPresent()) {
        String filters = field(status.text().get(), "Seccomp_filters")
            .map(n -> ", Seccomp_filters: " + n).orElse("");
        return CheckResult.ok(id(), "available", status.where() + " has Seccomp: " + mode.get()
            + filters);
      }
      return CheckResult.failed(id(), "unavailable", status.where()
          + " has no Seccomp line: the kernel is built without seccomp", REMEDY);
    }
    String release = facts.files().kernel("/proc/sys/kernel/osrelease").trimmed();
    FileText config = facts.files().host("/boot/config-" + release);
    if (release.isEmpty() || !config.ok()) {
      return CheckResult.unknown(id(), status.describeProblem() + "; "
          + (release.isEmpty() ? "kernel release unknown" : config.describeProblem()),
          Remedies.MOUNT_PROC);
    }
    String text = "\n" + config.text().get();
    boolean seccomp = text.contains("\nCONFIG_SECCOMP=y");
    boolean filter = text.contains("\nCONFIG_SECCOMP_FILTER=y");
    String evidence = config.where() + ": CONFIG_SECCOMP" + (seccomp ? "=y" : " not set")
        + ", CONFIG_SECCOMP_FILTER" + (filter ? "=y" : " not set");
    return seccomp && filter ? CheckResult.ok(id(), "available", evidence)
        : CheckResult.failed(id(), "unavailable", evidence, REMEDY);
  }

  /** The value of a {@code Name:\tvalue} line of a /proc status file. */
  static Optional<String> field(String status, String name) {
    for (String line : status.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equals(name)) {
        return Optional.of(line.substring(colon + 1).strip());
      }
    }
    return Optional.empty();
  }
}
