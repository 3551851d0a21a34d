package dev.criexporter.exporter.doctor;

import java.util.List;
import java.util.Optional;

/**
 * The overlay file system, on which the default snapshotters (containerd's overlayfs, CRI-O's
 * overlay) stack image layers: registered in {@code /proc/filesystems}, or a module on disk that
 * the first mount loads.
 */
final class OverlayCheck implements NodeCheck {

  @Override
  public CheckId id() {
    return CheckId.OVERLAYFS;
  }

  @Override
  public CheckResult run(NodeFacts facts) {
    FileText filesystems = facts.files().kernel("/proc/filesystems");
    if (!filesystems.ok()) {
      return CheckResult.unknown(id(), filesystems.describeProblem(), Remedies.MOUNT_PROC);
    }
    if (lists(filesystems.text().get(), "overlay")) {
      return CheckResult.ok(id(), "available", filesystems.where() + " lists overlay");
    }
    Optional<String> module = module(facts);
    if (module.isPresent()) {
      return CheckResult.ok(id(), "module", "not in " + filesystems.where() + " yet; "
          + module.get() + " is loaded on first use");
    }
    return CheckResult.failed(id(), "unavailable", filesystems.where()
        + " does not list overlay and no overlay module was found for this kernel",
        "Load it (modprobe overlay) and keep it loaded across reboots (overlay in"
            + " /etc/modules-load.d/k8s.conf), or use a kernel with CONFIG_OVERLAY_FS.");
  }

  /** Whether a {@code /proc/filesystems} text lists {@code fs} ("nodev\toverlay"). */
  static boolean lists(String procFilesystems, String fs) {
    for (String line : procFilesystems.split("\n")) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length > 0 && cols[cols.length - 1].equals(fs)) {
        return true;
      }
    }
    return false;
  }

  /** The overlay module of the running kernel under the host root's /lib/modules, if any. */
  private static Optional<String> module(NodeFacts facts) {
    String release = facts.files().kernel("/proc/sys/kernel/osrelease").trimmed();
    if (release.isEmpty() || release.contains("/")) {
      return Optional.empty();
    }
    String dir = "/lib/modules/" + release + "/kernel/fs/overlayfs";
    List<String> names = facts.files().list(facts.files().underHost(dir));
    return names.stream().filter(n -> n.startsWith("overlay.ko")).findFirst()
        .map(n -> dir + "/" + n);
  }
}
