package dev.criexporter.exporter.doctor;

import dev.criexporter.cri.RuntimeKind;
import dev.criexporter.cri.v1.StatusResponse;
import java.util.Optional;

/**
 * The runtime and the kubelet must place pods with the same cgroup driver; when they do not,
 * pods fail to start or run outside their limits. Three sources are compared: the runtime's
 * configuration, the pod cgroups on disk, and the kubelet's configuration.
 */
final class CgroupDriverCheck implements NodeCheck {

  static final String ALIGN = "Use one driver on both sides, systemd on systemd hosts (required"
      + " for cgroup v2): containerd: SystemdCgroup = true under"
      + " [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]; CRI-O:"
      + " cgroup_manager = \"systemd\"; kubelet: cgroupDriver: systemd in"
      + " /var/lib/kubelet/config.yaml. Then drain the node and restart the runtime and kubelet.";

  @Override
  public CheckId id() {
    return CheckId.CGROUP_DRIVER;
  }

  @Override
  public CheckResult run(NodeFacts facts) {
    Reading runtime = runtimeDriver(facts);
    Reading disk = facts.cgroups().host().map(h -> DiskDriver.read(facts.files(), h))
        .orElse(Reading.none("cgroup root unusable"));
    Reading kubelet = KubeletDriver.read(facts.files());
    String evidence = "runtime: " + runtime.describe() + "; pods on disk: " + disk.describe()
        + "; kubelet: " + kubelet.describe();
    Optional<String> effective = runtime.or(disk).value();
    String value = effective.orElse("unknown");
    if (runtime.value().isPresent() && disk.value().isPresent()
        && !runtime.value().equals(disk.value())) {
      return CheckResult.failed(id(), value, evidence, "The runtime is configured for "
          + runtime.value().get() + " but the pods on disk use " + disk.value().get()
          + ": the runtime was reconfigured without draining the node. " + ALIGN);
    }
    if (kubelet.value().isPresent() && effective.isPresent()
        && !kubelet.value().equals(effective)) {
      return CheckResult.failed(id(), value, evidence, "Mismatch: the runtime uses "
          + effective.get() + ", the kubelet " + kubelet.value().get() + ". " + ALIGN);
    }
    if (kubelet.value().isEmpty()) {
      return new CheckResult(id(), Outcome.UNKNOWN, value, evidence, Remedies.MOUNT_KUBELET);
    }
    if (effective.isEmpty()) {
      return new CheckResult(id(), Outcome.UNKNOWN, value, evidence, "The runtime does not"
          + " expose its driver and no pods are on disk yet: run the doctor again once pods run.");
    }
    return CheckResult.ok(id(), value, evidence);
  }

  /** The driver from the runtime's Status, or, for CRI-O, from its configuration files. */
  static Reading runtimeDriver(NodeFacts facts) {
    RuntimeFacts rt = facts.runtime();
    if (!rt.reachable()) {
      return Reading.none("runtime unreachable");
    }
    Reading fromStatus = rt.status().value().map(StatusResponse::getInfoMap)
        .map(RuntimeSettings::fromStatusInfo).map(RuntimeSettings::driver)
        .orElse(Reading.none(rt.status().describe("Status")));
    if (fromStatus.value().isEmpty() && isCrio(rt)) {
      return CrioFiles.driver(facts.files());
    }
    return fromStatus;
  }

  static boolean isCrio(RuntimeFacts rt) {
    return rt.version().value().filter(v -> v.kind() == RuntimeKind.CRIO).isPresent();
  }
}
