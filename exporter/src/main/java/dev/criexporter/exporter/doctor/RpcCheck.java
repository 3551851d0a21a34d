package dev.criexporter.exporter.doctor;

import java.util.function.Function;

/**
 * Whether the runtime implements one of the stats calls. An {@code UNIMPLEMENTED} answer is
 * reported as such; whether that fails the check depends on the call.
 */
final class RpcCheck implements NodeCheck {

  private final CheckId id;
  private final String method;
  private final String counted;
  private final Function<RuntimeFacts, Answer<Integer>> answer;
  private final String unimplementedNote;
  private final String remedy;

  private RpcCheck(CheckId id, String method, String counted,
      Function<RuntimeFacts, Answer<Integer>> answer, String unimplementedNote, String remedy) {
    this.id = id;
    this.method = method;
    this.counted = counted;
    this.answer = answer;
    this.unimplementedNote = unimplementedNote;
    this.remedy = remedy;
  }

  /** ListContainerStats: kubelet's and the exporter's source of container figures. */
  static RpcCheck containerStats() {
    return new RpcCheck(CheckId.CRI_CONTAINER_STATS, "ListContainerStats", "containers",
        RuntimeFacts::containerStats, null,
        "Upgrade the runtime: kubelet's summary API and every container series depend on"
            + " ListContainerStats.");
  }

  /** ListPodSandboxStats: network per pod and pod-level figures. */
  static RpcCheck podSandboxStats() {
    return new RpcCheck(CheckId.CRI_POD_SANDBOX_STATS, "ListPodSandboxStats", "pods",
        RuntimeFacts::podSandboxStats, null,
        "Upgrade the runtime (containerd 1.6+, CRI-O 1.23+): without ListPodSandboxStats there"
            + " are no per-pod network series.");
  }

  /**
   * ListMetricDescriptors: the runtime's own metric catalogue. Most runtimes do not have it yet
   * (containerd added it in 2.2), so {@code UNIMPLEMENTED} passes; the exporter reads cgroups.
   */
  static RpcCheck metricDescriptors() {
    return new RpcCheck(CheckId.CRI_METRIC_DESCRIPTORS, "ListMetricDescriptors", "descriptors",
        RuntimeFacts::metricDescriptors,
        "expected from runtimes before containerd 2.2; the exporter reads the cgroup files"
            + " instead. ListPodSandboxMetrics is not called (the exporter's read-only client has"
            + " no such call); runtimes add it together with ListMetricDescriptors",
        "See the runtime's log for why ListMetricDescriptors fails.");
  }

  @Override
  public CheckId id() {
    return id;
  }

  @Override
  public CheckResult run(NodeFacts facts) {
    RuntimeFacts rt = facts.runtime();
    if (!rt.reachable()) {
      return CheckResult.unknown(id, method + ": " + RuntimeFacts.NOT_ASKED,
          Remedies.REACH_RUNTIME);
    }
    Answer<Integer> a = answer.apply(rt);
    if (a.ok()) {
      return CheckResult.ok(id, "ok", method + " answered; " + counted + ": " + a.value().get());
    }
    if (a.unimplemented() && unimplementedNote != null) {
      return CheckResult.ok(id, "unimplemented", method + " is UNIMPLEMENTED: "
          + unimplementedNote);
    }
    return CheckResult.failed(id, a.failureLabel(), a.describe(method), remedy);
  }
}
