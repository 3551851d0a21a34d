package dev.criexporter.exporter.doctor;

import dev.criexporter.cri.CriException;
import dev.criexporter.cri.RuntimeIdentity;

/** The runtime answers {@code Version} on its CRI socket, speaking CRI v1. */
final class RuntimeCheck implements NodeCheck {

  @Override
  public CheckId id() {
    return CheckId.RUNTIME;
  }

  @Override
  public CheckResult run(NodeFacts facts) {
    RuntimeFacts rt = facts.runtime();
    if (!rt.version().ok()) {
      String problem = rt.version().describe("Version");
      return CheckResult.failed(id(), "unreachable", problem.contains(rt.endpoint()) ? problem
          : problem + " (" + rt.endpoint() + ")", remedy(rt.version().failure().orElse(null)));
    }
    RuntimeIdentity v = rt.version().value().get();
    String evidence = "Version on " + v.endpoint() + ": " + v.name() + " " + v.version()
        + ", CRI API " + v.apiVersion();
    if (!"v1".equals(v.apiVersion())) {
      return CheckResult.failed(id(), v.name(), evidence, "Upgrade the runtime to one that"
          + " serves CRI v1 (containerd 1.6+, CRI-O 1.23+): kubelet 1.26 and newer speak only v1.");
    }
    return CheckResult.ok(id(), v.name(), evidence);
  }

  static String remedy(CriException.Kind kind) {
    if (kind == null) {
      return "Pass the runtime's socket with --cri.endpoint=unix:///run/containerd/containerd.sock"
          + " (or /run/crio/crio.sock).";
    }
    return switch (kind) {
      case UNAVAILABLE -> "Is the runtime running (systemctl status containerd / crio)? Point"
          + " --cri.endpoint at its socket; in a pod mount the socket's directory (e.g."
          + " /run/containerd) under --path.hostroot.";
      case UNIMPLEMENTED -> "The socket answers gRPC but not the CRI runtime service: containerd"
          + " installed for Docker ships with disabled_plugins = [\"cri\"] in"
          + " /etc/containerd/config.toml; remove \"cri\" there and restart containerd.";
      case PROTOCOL -> "The socket does not speak gRPC: it is not a CRI endpoint (Docker Engine"
          + " needs cri-dockerd; use /var/run/cri-dockerd.sock).";
      case DEADLINE_EXCEEDED -> "The runtime did not answer in time: check its load and log, or"
          + " raise --cri.timeout.";
      case NOT_FOUND, OTHER -> "See the runtime's log for the error above.";
    };
  }
}
