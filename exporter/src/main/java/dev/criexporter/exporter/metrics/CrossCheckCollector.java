package dev.criexporter.exporter.metrics;

import dev.criexporter.cgroup.path.ContainerCgroup;
import dev.criexporter.exporter.check.CheckSummary;
import dev.criexporter.exporter.check.Finding;
import dev.criexporter.exporter.check.Resource;
import dev.criexporter.exporter.model.ContainerSample;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where the runtime and the kernel disagree, summed up per node: diverged and stale containers,
 * ghost and missing cgroups, failed checks. The per-container sizes of the differences are in
 * {@link CrossCheckDetailCollector}.
 */
public final class CrossCheckCollector implements Collector {

  /** At most this many ghost cgroups are listed by path; the count is always exact. */
  static final int MAX_LISTED_GHOSTS = 50;

  public static final FamilyDef DIVERGED = FamilyDef.nodeGauge(
      "cri_crosscheck_diverged_containers", "",
      "Containers whose runtime figure is outside the tolerance of the cgroup's in the last poll,"
          + " by resource.", "cross-check", "resource");
  public static final FamilyDef STALE = FamilyDef.nodeGauge("cri_crosscheck_stale_containers", "",
      "Containers whose runtime CPU figures did not move while the cgroup's did, in the last poll.",
      "cross-check");
  public static final FamilyDef GHOSTS = FamilyDef.nodeGauge("cri_crosscheck_ghost_cgroups", "",
      "Container-like cgroups (64-hex id under the pod hierarchy) that no container or sandbox"
          + " of the runtime explains, seen in two walks in a row.", "cgroup tree walk");
  public static final FamilyDef GHOST = FamilyDef.nodeGauge("cri_crosscheck_ghost_cgroup", "",
      "One series per ghost cgroup (at most " + MAX_LISTED_GHOSTS + "), naming its path; value 1.",
      "cgroup tree walk", "cgroup", "id");
  public static final FamilyDef MISSING = FamilyDef.nodeGauge("cri_crosscheck_missing_cgroups", "",
      "Containers the runtime lists as running whose cgroup cannot be found or read, two polls"
          + " in a row.", "cgroup path resolution");
  public static final FamilyDef FAILURES = FamilyDef.nodeCounter("cri_crosscheck_failures_total",
      "", "Failed cross-checks by resource and reason (cri_high, cri_low, stale).", "cross-check",
      "resource", "reason");
  public static final FamilyDef CHECKS = FamilyDef.nodeCounter("cri_crosscheck_checks_total", "",
      "Cross-checks made, by resource.", "cross-check", "resource");
  public static final FamilyDef READ_ERRORS = FamilyDef.nodeCounter(
      "cri_exporter_cgroup_read_errors_total", "",
      "cgroup files that could not be used, by reason (gone, missing, malformed,"
          + " permission_denied, io_error).", "cgroup reader", "reason");
  public static final FamilyDef ENABLED = FamilyDef.nodeGauge("cri_crosscheck_enabled", "",
      "1 when the cgroup root is readable and the cross-check runs, 0 otherwise.", "cgroup root");

  @Override
  public String name() {
    return "crosscheck";
  }

  @Override
  public String description() {
    return "Runtime vs cgroup divergence per node: diverged and stale containers, ghost and"
        + " missing cgroups, failed checks";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public List<FamilyDef> families() {
    return List.of(ENABLED, DIVERGED, STALE, GHOSTS, GHOST, MISSING, FAILURES, CHECKS,
        READ_ERRORS);
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    CheckSummary sum = ctx.snapshot().check();
    out.add(ENABLED, Labels.EMPTY, sum.enabled() ? 1 : 0);
    if (!sum.enabled()) {
      return;
    }
    Map<Resource, Integer> diverged = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      diverged.put(r, 0);
    }
    int stale = 0;
    List<ContainerSample> cs = ctx.containers();
    for (int i = 0; i < cs.size(); i++) {
      boolean isStale = false;
      for (Finding f : cs.get(i).findings()) {
        if (f.verdict() == Finding.Verdict.STALE) {
          isStale = true;
        } else if (f.failed()) {
          diverged.merge(f.resource(), 1, Integer::sum);
        }
      }
      if (isStale) {
        stale++;
      }
    }
    diverged.forEach((r, n) -> out.add(DIVERGED, Labels.of("resource", r.label()), n));
    out.add(STALE, Labels.EMPTY, stale);
    out.add(GHOSTS, Labels.EMPTY, sum.ghosts().size());
    List<ContainerCgroup> ghosts = sum.ghosts();
    for (int i = 0; i < Math.min(MAX_LISTED_GHOSTS, ghosts.size()); i++) {
      ContainerCgroup g = ghosts.get(i);
      out.add(GHOST, Labels.of("cgroup", LabelScheme.clean("/" + g.relativePath()), "id",
          g.containerId()), 1);
    }
    out.add(MISSING, Labels.EMPTY, sum.missingCgroups().size());
    for (Resource r : Resource.values()) {
      out.add(CHECKS, Labels.of("resource", r.label()), sum.checks().getOrDefault(r.label(), 0L));
      for (Finding.Verdict v : Finding.Verdict.values()) {
        if (v != Finding.Verdict.AGREE) {
          out.add(FAILURES, Labels.of("resource", r.label(), "reason", v.label()),
              sum.failures().getOrDefault(r.label() + '\0' + v.label(), 0L));
        }
      }
    }
    for (String reason : List.of("gone", "missing", "malformed", "permission_denied",
        "io_error")) {
      out.add(READ_ERRORS, Labels.of("reason", reason),
          sum.cgroupReadFailures().getOrDefault(reason, 0L));
    }
  }
}
