package dev.criexporter.exporter.doctor;

import java.util.ArrayList;
import java.util.List;

/** What to do about each kind of cross-check failure. */
final class CrossCheckRemedy {
  private CrossCheckRemedy() {
  }

  static String text(boolean ghosts, boolean missing, boolean diverged) {
    List<String> parts = new ArrayList<>();
    if (ghosts) {
      parts.add("Ghost cgroups hold processes and memory no runtime accounts for, usually left"
          + " by a runtime crash or a driver change: look at their cgroup.procs, stop what runs"
          + " there, then rmdir the directories (deepest first, in every hierarchy).");
    }
    if (missing) {
      parts.add("Running containers without a cgroup: --path.cgroup does not show the host's"
          + " cgroup tree, or the runtime places containers where the exporter does not look"
          + " (compare the cgroup_driver check).");
    }
    if (diverged) {
      parts.add("Runtime figures disagree with the kernel's: see cri_crosscheck_*{resource} for"
          + " which containers and resources; a stale runtime cache (stats_collect_period) or"
          + " a runtime bug.");
    }
    return String.join(" ", parts);
  }
}
