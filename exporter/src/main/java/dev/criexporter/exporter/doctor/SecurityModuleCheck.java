package dev.criexporter.exporter.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * A mandatory access control module confining containers: AppArmor enabled
 * ({@code /sys/module/apparmor/parameters/enabled} is Y) or SELinux enforcing
 * ({@code /sys/fs/selinux/enforce} is 1). Without either, the runtime's default profiles are a
 * no-op; that weakens isolation but breaks nothing, hence a warning.
 */
final class SecurityModuleCheck implements NodeCheck {

  static final String APPARMOR = "/sys/module/apparmor/parameters/enabled";
  static final String SELINUX = "/sys/fs/selinux/enforce";

  @Override
  public CheckId id() {
    return CheckId.SECURITY_MODULE;
  }

  @Override
  public CheckResult run(NodeFacts facts) {
    if (!facts.files().kernelDirectoryVisible("/sys/module")) {
      return CheckResult.unknown(id(), "no /sys/module visible", Remedies.MOUNT_SYS);
    }
    FileText apparmor = facts.files().kernel(APPARMOR);
    FileText selinux = facts.files().kernel(SELINUX);
    boolean aa = apparmor.ok() && apparmor.trimmed().equals("Y");
    boolean enforcing = selinux.ok() && selinux.trimmed().equals("1");
    boolean permissive = selinux.ok() && selinux.trimmed().equals("0");
    String evidence = "AppArmor: " + state(apparmor, aa ? "enabled" : "disabled")
        + "; SELinux: " + state(selinux, enforcing ? "enforcing"
            : permissive ? "permissive" : "unrecognized");
    List<String> active = new ArrayList<>();
    if (aa) {
      active.add("apparmor");
    }
    if (enforcing) {
      active.add("selinux");
    }
    if (!active.isEmpty()) {
      return CheckResult.ok(id(), String.join("+", active), evidence);
    }
    boolean unreadable = (!apparmor.ok() && !apparmor.missing())
        || (!selinux.ok() && !selinux.missing());
    if (unreadable) {
      return CheckResult.unknown(id(), evidence, Remedies.MOUNT_SYS);
    }
    return CheckResult.failed(id(), permissive ? "selinux_permissive" : "none", evidence,
        "Containers run without mandatory access control: enable AppArmor (apparmor=1"
            + " security=apparmor on the kernel command line, the apparmor package) or SELinux in"
            + " enforcing mode (setenforce 1, SELINUX=enforcing in /etc/selinux/config).");
  }

  private static String state(FileText f, String readState) {
    if (f.ok()) {
      return readState + " (" + f.where() + " = " + f.trimmed() + ")";
    }
    return f.missing() ? "not loaded (" + f.where() + " missing)" : f.describeProblem();
  }
}
