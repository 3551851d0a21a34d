package dev.criexporter.exporter.check;

import dev.criexporter.cgroup.path.ContainerCgroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds disagreements about existence, in both directions, and reports only those seen twice in
 * a row, so that a container being created or removed between the runtime's answer and the
 * cgroup walk is not an alarm.
 *
 * <ul>
 *   <li><b>Missing cgroups</b>: containers the runtime lists as running whose cgroup cannot be
 *       found or read.</li>
 *   <li><b>Ghost cgroups</b>: container-like cgroups (a 64-hex id under the pod hierarchy) that
 *       no container or sandbox the runtime knows explains.</li>
 * </ul>
 */
public final class OrphanTracker {

  private Set<String> missingBefore = Set.of();
  private List<String> missing = List.of();
  private Set<String> ghostsBefore = Set.of();
  private List<ContainerCgroup> ghosts = List.of();

  /** Records this poll's running containers without a cgroup; returns the confirmed ones. */
  public List<String> updateMissing(Set<String> missingNow) {
    List<String> confirmed = new ArrayList<>();
    for (String id : missingNow) {
      if (missingBefore.contains(id)) {
        confirmed.add(id);
      }
    }
    confirmed.sort(null);
    missingBefore = Set.copyOf(missingNow);
    missing = List.copyOf(confirmed);
    return missing;
  }

  /**
   * Records a walk of the cgroup tree.
   *
   * @param found every container-like cgroup on the node
   * @param known every container id (any state) and sandbox id the runtime reported
   * @return the confirmed ghosts
   */
  public List<ContainerCgroup> updateGhosts(List<ContainerCgroup> found, Set<String> known) {
    Set<String> now = new HashSet<>();
    List<ContainerCgroup> confirmed = new ArrayList<>();
    for (ContainerCgroup c : found) {
      if (known.contains(c.containerId())) {
        continue;
      }
      now.add(c.containerId());
      if (ghostsBefore.contains(c.containerId())) {
        confirmed.add(c);
      }
    }
    confirmed.sort(java.util.Comparator.comparing(ContainerCgroup::relativePath));
    ghostsBefore = now;
    ghosts = List.copyOf(confirmed);
    return ghosts;
  }

  /** Confirmed missing cgroups as of the last poll. */
  public List<String> missing() {
    return missing;
  }

  /** Confirmed ghosts as of the last walk. */
  public List<ContainerCgroup> ghosts() {
    return ghosts;
  }
}
