package dev.criexporter.exporter.doctor;

import java.util.Optional;

/**
 * {@code net.ipv4.ip_forward} must be 1, or traffic between pods on different nodes is dropped.
 * The setting belongs to a network namespace and {@code /proc/sys/net} always shows the reader's
 * own, whichever {@code /proc} is read; so it is trusted only when the exporter is in the host's
 * network namespace, or cannot tell that it is not.
 */
final class IpForwardCheck implements NodeCheck {

  static final String FILE = "/proc/sys/net/ipv4/ip_forward";

  @Override
  public CheckId id() {
    return CheckId.IP_FORWARD;
  }

  @Override
  public CheckResult run(NodeFacts facts) {
    HostFiles files = facts.files();
    FileText f = files.kernel(FILE);
    if (!f.ok()) {
      return CheckResult.unknown(id(), f.describeProblem(), Remedies.MOUNT_PROC);
    }
    Optional<String> own = files.link(facts.paths().processRoot().resolve("proc/self/ns/net"));
    Optional<String> host = files.link(files.underHost("/proc/1/ns/net"));
    if (own.isPresent() && host.isPresent() && !own.equals(host)) {
      return CheckResult.unknown(id(), "the exporter runs in its own network namespace ("
          + own.get() + ", the host's is " + host.get() + "), where " + FILE + " says nothing"
          + " about the node", "Run the doctor on the node, or the pod with hostNetwork: true.");
    }
    if (f.ownView() && host.isEmpty()) {
      return CheckResult.unknown(id(), f.where() + " = " + f.trimmed() + " is this process's"
          + " network namespace, which may not be the host's", "Run the doctor on the node, or"
          + " mount the host's /proc under --path.hostroot and use hostNetwork: true.");
    }
    String value = f.trimmed();
    String evidence = f.where() + " = " + value;
    if (value.equals("1")) {
      return CheckResult.ok(id(), value, evidence);
    }
    return CheckResult.failed(id(), value, evidence, "Pods on other nodes are unreachable:"
        + " sysctl -w net.ipv4.ip_forward=1 and keep it in /etc/sysctl.d/k8s.conf"
        + " (net.ipv4.ip_forward = 1); kubeadm's preflight requires it.");
  }
}
