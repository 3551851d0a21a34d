package dev.criexporter.exporter.doctor;

import dev.criexporter.cri.v1.RuntimeCondition;
import dev.criexporter.cri.v1.StatusResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runtime's own health: {@code Status} conditions RuntimeReady and NetworkReady. Kubelet
 * marks the node NotReady when either is false.
 */
final class RuntimeConditionsCheck implements NodeCheck {

  static final String RUNTIME_READY = "RuntimeReady";
  static final String NETWORK_READY = "NetworkReady";

  @Override
  public CheckId id() {
    return CheckId.RUNTIME_CONDITIONS;
  }

  @Override
  public CheckResult run(NodeFacts facts) {
    RuntimeFacts rt = facts.runtime();
    if (!rt.status().ok()) {
      return CheckResult.unknown(id(), rt.status().describe("Status"),
          rt.reachable() ? "See the runtime's log for why Status fails."
              : Remedies.REACH_RUNTIME);
    }
    StatusResponse status = rt.status().value().get();
    List<String> seen = new ArrayList<>();
    List<String> failing = new ArrayList<>();
    for (String type : List.of(RUNTIME_READY, NETWORK_READY)) {
      Optional<RuntimeCondition> c = status.getStatus().getConditionsList().stream()
          .filter(x -> x.getType().equals(type)).findFirst();
      if (c.isEmpty()) {
        seen.add(type + " not reported");
        failing.add(type);
      } else if (!c.get().getStatus()) {
        seen.add(type + "=false (" + c.get().getReason() + ": " + c.get().getMessage() + ")");
        failing.add(type);
      } else {
        seen.add(type + "=true");
      }
    }
    String evidence = "Status: " + String.join(", ", seen);
    if (failing.isEmpty()) {
      return CheckResult.ok(id(), "ready", evidence);
    }
    boolean network = failing.equals(List.of(NETWORK_READY));
    return CheckResult.failed(id(), network ? "network_not_ready" : "runtime_not_ready", evidence,
        network
            ? "Install or repair the CNI plugin: a network configuration in the runtime's CNI"
                + " conf_dir (default /etc/cni/net.d) and the plugin binaries in its bin_dir"
                + " (default /opt/cni/bin); the runtime's log says why it failed to load."
            : "The runtime reports itself not ready: see its log and restart it.");
  }
}
