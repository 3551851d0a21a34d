package dev.criexporter.exporter.doctor;

import dev.criexporter.cri.CriClient;
import dev.criexporter.cri.CriException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the node checks: gathers the facts once (host files, cgroup layout, the runtime's answers
 * through the read-only client), then evaluates every check over them. Never writes anything and
 * never throws because of what it finds: a check that cannot be evaluated is
 * {@link Outcome#UNKNOWN} with the reason.
 */
public final class Doctor {
  private static final Logger log = LoggerFactory.getLogger(Doctor.class);

  private final DoctorPaths paths;
  private final Clock clock;
  private final List<NodeCheck> checks;

  public Doctor(DoctorPaths paths, Clock clock) {
    this.paths = paths;
    this.clock = clock;
    this.checks = List.of(
        new CgroupModeCheck(),
        ControllersCheck.required(),
        ControllersCheck.io(),
        new PsiCheck(),
        new RuntimeCheck(),
        new RuntimeConditionsCheck(),
        RpcCheck.containerStats(),
        RpcCheck.podSandboxStats(),
        RpcCheck.metricDescriptors(),
        new CgroupDriverCheck(),
        new OverlayCheck(),
        new SnapshotterCheck(),
        new KernelCheck(),
        new IpForwardCheck(),
        new SeccompCheck(),
        new SecurityModuleCheck());
  }

  /** Every node check, without the cross-check (the running exporter has its own). */
  public DoctorReport run(CriClient client) {
    Instant at = clock.instant();
    long start = System.nanoTime();
    NodeFacts facts = gather(client);
    return new DoctorReport(at, Duration.ofNanos(System.nanoTime() - start), evaluate(facts));
  }

  /** Every node check plus a one-off cross-check scan, for the command line. */
  public DoctorReport runWithCrossCheck(CriClient client) {
    Instant at = clock.instant();
    long start = System.nanoTime();
    NodeFacts facts = gather(client);
    List<CheckResult> results = evaluate(facts);
    results.add(crossCheck(facts, client));
    return new DoctorReport(at, Duration.ofNanos(System.nanoTime() - start), results);
  }

  private NodeFacts gather(CriClient client) {
    return new NodeFacts(new HostFiles(paths), CgroupProbe.probe(paths.cgroupRoot()),
        RuntimeFacts.probe(client));
  }

  private List<CheckResult> evaluate(NodeFacts facts) {
    List<CheckResult> results = new ArrayList<>(checks.size() + 1);
    for (NodeCheck c : checks) {
      results.add(safely(c, facts));
    }
    return results;
  }

  private static CheckResult safely(NodeCheck check, NodeFacts facts) {
    try {
      return check.run(facts);
    } catch (RuntimeException e) {
      log.warn("doctor check {} failed", check.id().label(), e);
      return CheckResult.unknown(check.id(), "the check failed: " + e,
          "Report this as a bug of cri-exporter, with the evidence of the other checks.");
    }
  }

  static CheckResult crossCheck(NodeFacts facts, CriClient client) {
    if (facts.cgroups().host().isEmpty()) {
      return CheckResult.unknown(CheckId.CROSSCHECK, facts.shownCgroupRoot() + ": "
          + facts.cgroups().problem(), Remedies.MOUNT_CGROUP);
    }
    if (!facts.runtime().reachable()) {
      return CheckResult.unknown(CheckId.CROSSCHECK, "runtime unreachable",
          Remedies.REACH_RUNTIME);
    }
    try {
      CrossCheckScan scan = CrossCheckScan.run(client, facts.cgroups().host().get());
      return scan.result(facts.paths().shown(facts.cgroups().host().get().primaryDir()));
    } catch (CriException e) {
      return CheckResult.unknown(CheckId.CROSSCHECK, "listing containers failed: "
          + e.getMessage(), Remedies.REACH_RUNTIME);
    } catch (RuntimeException e) {
      log.warn("doctor cross-check failed", e);
      return CheckResult.unknown(CheckId.CROSSCHECK, "the cross-check failed: " + e,
          "Report this as a bug of cri-exporter, with the evidence of the other checks.");
    }
  }
}
