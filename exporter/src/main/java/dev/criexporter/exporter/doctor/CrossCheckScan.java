package dev.criexporter.exporter.doctor;

import dev.criexporter.cgroup.HostCgroups;
import dev.criexporter.cgroup.path.CgroupPathResolver;
import dev.criexporter.cgroup.path.ContainerCgroup;
import dev.criexporter.cri.CriClient;
import dev.criexporter.cri.v1.Container;
import dev.criexporter.cri.v1.ContainerState;
import dev.criexporter.cri.v1.PodSandbox;
import dev.criexporter.exporter.check.OrphanTracker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The cross-check of a one-off run (the command line), where there are no earlier polls: the
 * cgroup tree is walked, the runtime lists its containers and sandboxes, and the tree is walked
 * again. A ghost is a container-like cgroup no container or sandbox explains in both walks; a
 * missing cgroup is a running container found in neither walk. Walking twice keeps a container
 * created or removed meanwhile from counting.
 *
 * @param ghosts cgroups no runtime record explains
 * @param missing ids of running containers without a cgroup
 * @param walked container-like cgroups found in the second walk
 * @param known containers and sandboxes the runtime listed
 */
public record CrossCheckScan(List<ContainerCgroup> ghosts, List<String> missing, int walked,
    int known) {

  /** Most ghosts named in the evidence; the count is always complete. */
  static final int NAMED = 3;

  public CrossCheckScan {
    ghosts = List.copyOf(ghosts);
    missing = List.copyOf(missing);
  }

  /** Walks, lists, walks. Throws the client's {@code CriException} when the runtime fails. */
  public static CrossCheckScan run(CriClient client, HostCgroups host) {
    CgroupPathResolver resolver = new CgroupPathResolver(host);
    List<ContainerCgroup> first = resolver.scan();
    List<Container> containers = client.listContainers(false);
    List<PodSandbox> sandboxes = client.listPodSandboxes();
    List<ContainerCgroup> second = resolver.scan();
    Set<String> known = new HashSet<>();
    containers.forEach(c -> known.add(c.getId()));
    sandboxes.forEach(s -> known.add(s.getId()));
    OrphanTracker tracker = new OrphanTracker();
    tracker.updateGhosts(first, known);
    List<ContainerCgroup> ghosts = tracker.updateGhosts(second, known);
    Set<String> running = new HashSet<>();
    containers.stream().filter(c -> c.getState() == ContainerState.CONTAINER_RUNNING)
        .forEach(c -> running.add(c.getId()));
    tracker.updateMissing(absent(running, first));
    List<String> missing = tracker.updateMissing(absent(running, second));
    return new CrossCheckScan(ghosts, missing, second.size(), known.size());
  }

  private static Set<String> absent(Set<String> running, List<ContainerCgroup> walk) {
    Set<String> out = new HashSet<>(running);
    walk.forEach(c -> out.remove(c.containerId()));
    return out;
  }

  /** The doctor's result for this scan. */
  public CheckResult result(String shownHierarchy) {
    String evidence = "container cgroups under " + shownHierarchy + ": " + walked
        + "; containers and sandboxes the runtime lists: " + known + "; ghost cgroups: "
        + ghosts.size() + examples() + "; running containers without a cgroup: "
        + missing.size() + (missing.isEmpty() ? "" : " (" + missing.get(0)
            + (missing.size() > 1 ? ", ..." : "") + ")");
    if (ghosts.isEmpty() && missing.isEmpty()) {
      return CheckResult.ok(CheckId.CROSSCHECK, "clean", evidence);
    }
    List<String> kinds = new ArrayList<>();
    if (!ghosts.isEmpty()) {
      kinds.add("ghosts");
    }
    if (!missing.isEmpty()) {
      kinds.add("missing");
    }
    return CheckResult.failed(CheckId.CROSSCHECK, String.join(",", kinds), evidence,
        CrossCheckRemedy.text(!ghosts.isEmpty(), !missing.isEmpty(), false));
  }

  private String examples() {
    if (ghosts.isEmpty()) {
      return "";
    }
    List<String> named = ghosts.stream().limit(NAMED).map(g -> "/" + g.relativePath()).toList();
    return " (" + String.join(", ", named) + (ghosts.size() > NAMED ? ", ..." : "") + ")";
  }
}
