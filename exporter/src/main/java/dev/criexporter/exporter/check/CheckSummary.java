package dev.criexporter.exporter.check;

import dev.criexporter.cgroup.path.ContainerCgroup;
import java.util.List;
import java.util.Map;

/**
 * Node-level results of the cross-check after one poll.
 *
 * @param enabled false when the cgroup side is unavailable (no cgroup root) and nothing was checked
 * @param ghosts confirmed ghost cgroups
 * @param missingCgroups confirmed running containers without a readable cgroup
 * @param failures cumulative failed checks, keyed {@code resource\0reason}
 * @param checks cumulative checks, by resource
 * @param cgroupReadFailures cumulative cgroup file failures, by reason
 */
public record CheckSummary(boolean enabled, List<ContainerCgroup> ghosts,
    List<String> missingCgroups, Map<String, Long> failures, Map<String, Long> checks,
    Map<String, Long> cgroupReadFailures) {

  public static final CheckSummary DISABLED = new CheckSummary(false, List.of(), List.of(),
      Map.of(), Map.of(), Map.of());

  public CheckSummary {
    ghosts = List.copyOf(ghosts);
    missingCgroups = List.copyOf(missingCgroups);
    failures = Map.copyOf(failures);
    checks = Map.copyOf(checks);
    cgroupReadFailures = Map.copyOf(cgroupReadFailures);
  }
}
