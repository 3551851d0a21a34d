package dev.criexporter.exporter.doctor;

import dev.criexporter.exporter.check.CheckSummary;
import dev.criexporter.exporter.check.Finding;
import dev.criexporter.exporter.model.ContainerSample;
import dev.criexporter.exporter.model.NodeSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The cross-check as the running exporter sees it, from the last poll's snapshot: confirmed
 * ghost and missing cgroups, and containers whose runtime figures diverge from the kernel's or
 * stopped moving. Pure: it only looks at the snapshot.
 */
public final class SnapshotCrossCheck {
  private SnapshotCrossCheck() {
  }

  public static CheckResult evaluate(NodeSnapshot snapshot) {
    CheckSummary sum = snapshot.check();
    if (!sum.enabled()) {
      return CheckResult.unknown(CheckId.CROSSCHECK, "the cross-check is off: the cgroup root"
          + " could not be used", Remedies.MOUNT_CGROUP);
    }
    if (!snapshot.runtimeUp()) {
      return CheckResult.unknown(CheckId.CROSSCHECK, "the runtime did not answer the last poll",
          Remedies.REACH_RUNTIME);
    }
    int diverged = 0;
    int stale = 0;
    for (ContainerSample c : snapshot.containers()) {
      boolean isStale = false;
      boolean isDiverged = false;
      for (Finding f : c.findings()) {
        if (f.verdict() == Finding.Verdict.STALE) {
          isStale = true;
        } else if (f.failed()) {
          isDiverged = true;
        }
      }
      stale += isStale ? 1 : 0;
      diverged += isDiverged ? 1 : 0;
    }
    int ghosts = sum.ghosts().size();
    int missing = sum.missingCgroups().size();
    String evidence = "last poll: containers " + snapshot.containers().size()
        + ", ghost cgroups " + ghosts + ", running containers without a cgroup " + missing
        + ", containers with diverging figures " + diverged + ", with stale figures " + stale;
    List<String> kinds = new ArrayList<>();
    if (ghosts > 0) {
      kinds.add("ghosts");
    }
    if (missing > 0) {
      kinds.add("missing");
    }
    if (diverged > 0) {
      kinds.add("diverged");
    }
    if (stale > 0) {
      kinds.add("stale");
    }
    if (kinds.isEmpty()) {
      return CheckResult.ok(CheckId.CROSSCHECK, "clean", evidence);
    }
    return CheckResult.failed(CheckId.CROSSCHECK, String.join(",", kinds), evidence,
        CrossCheckRemedy.text(ghosts > 0, missing > 0, diverged > 0 || stale > 0));
  }
}
