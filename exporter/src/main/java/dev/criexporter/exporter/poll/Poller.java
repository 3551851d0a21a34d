package dev.criexporter.exporter.poll;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.criexporter.cgroup.path.ContainerCgroup;
import dev.criexporter.cgroup.path.RuntimeCgroupsPath;
import dev.criexporter.cgroup.read.CgroupReadResult;
import dev.criexporter.cgroup.stats.CgroupStats;
import dev.criexporter.cri.CriClient;
import dev.criexporter.cri.CriException;
import dev.criexporter.cri.RuntimeIdentity;
import dev.criexporter.cri.v1.Container;
import dev.criexporter.cri.v1.ContainerState;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.ContainerStatsFilter;
import dev.criexporter.cri.v1.ContainerStatusResponse;
import dev.criexporter.cri.v1.PodSandbox;
import dev.criexporter.cri.v1.PodSandboxState;
import dev.criexporter.cri.v1.PodSandboxStats;
import dev.criexporter.cri.v1.PodSandboxStatsFilter;
import dev.criexporter.cri.v1.UInt64Value;
import dev.criexporter.exporter.SelfMetrics;
import dev.criexporter.exporter.check.CheckSummary;
import dev.criexporter.exporter.check.Finding;
import dev.criexporter.exporter.check.Observation;
import dev.criexporter.exporter.model.ContainerIdentity;
import dev.criexporter.exporter.model.ContainerSample;
import dev.criexporter.exporter.model.NodeSnapshot;
import dev.criexporter.exporter.model.PodIdentity;
import dev.criexporter.exporter.model.PodSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of the runtime and the cgroup files, turned into an immutable {@link NodeSnapshot}.
 *
 * <p>Runtime calls per poll: {@code ListContainers} and {@code ListContainerStats}; plus
 * {@code Version} after a failure, {@code ContainerStatus} once per new container, and
 * {@code ListPodSandbox} when the ghost walk is due. Cgroup reads per container: memory just
 * before the stats call, everything the enabled collectors need just after it.
 *
 * <p>Never throws: every failure becomes a counted, logged condition and a snapshot that says
 * so. Not thread-safe: the {@link PollLoop} runs it from one thread.
 */
public final class Poller {
  private static final Logger log = LoggerFactory.getLogger(Poller.class);

  /** Kubelet's labels on every container it creates. */
  public static final String POD_NAME = "io.kubernetes.pod.name";
  public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
  public static final String POD_UID = "io.kubernetes.pod.uid";
  public static final String CONTAINER_NAME = "io.kubernetes.container.name";

  private final CriClient client;
  private final Clock clock;
  private final Duration keepStale;
  private final SelfMetrics metrics;
  private final CgroupSide cgroups;
  private final BlockDevices blockDevices;
  private final PollPlan plan;
  private boolean sandboxStatsSupported = true;
  private long sandboxStatsRetryAt;
  private final ConditionLog conditions = new ConditionLog(log);
  private final Cache<String, ContainerDetails> details = Caffeine.newBuilder()
      .maximumSize(50_000).build();
  private final Map<String, String> paths = new HashMap<>();
  /** The CPU counter last exported per live container (unsigned nanoseconds). */
  private final Map<String, Long> exportedCpu = new HashMap<>();

  private RuntimeIdentity runtime;
  private boolean identityFresh;
  private NodeSnapshot lastGood;

  /**
   * @param keepStale how long container series of the last good poll are served while the runtime
   *     fails; after that they are dropped
   * @param cgroups the kernel's side, or null to export runtime data only
   * @param blockDevices names devices in I/O stats, or null to keep major:minor
   * @param plan what to ask for beyond containers and their stats
   */
  public Poller(CriClient client, Clock clock, Duration keepStale, SelfMetrics metrics,
      CgroupSide cgroups, BlockDevices blockDevices, PollPlan plan) {
    this.blockDevices = blockDevices;
    this.plan = plan;
    this.client = client;
    this.clock = clock;
    this.keepStale = keepStale;
    this.metrics = metrics;
    this.cgroups = cgroups;
  }

  /** Runs one poll. Never throws. */
  public NodeSnapshot poll() {
    Instant started = clock.instant();
    try {
      NodeSnapshot s = pollRuntime(started);
      conditions.report("runtime", null, null,
          "container runtime answering again: " + s.runtime().map(RuntimeIdentity::endpoint)
              .orElse("?"));
      lastGood = s;
      return s;
    } catch (CriException e) {
      identityFresh = false;
      metrics.pollError(e.kind().label(), 1);
      conditions.report("runtime", e.kind().label(),
          "container runtime not answering (" + e.kind().label() + "): " + e.getMessage()
              + "; serving cri_runtime_up 0 and retrying every poll", null);
      return failed(started);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      metrics.pollError("internal", 1);
      if (conditions.report("internal", e.getClass().getName(), "poll failed unexpectedly: " + e,
          null)) {
        log.error("poll failed unexpectedly", e);
      }
      return failed(started);
    }
  }

  private NodeSnapshot failed(Instant at) {
    Optional<Instant> lastSuccess = lastGood == null ? Optional.empty() : lastGood.lastSuccess();
    boolean keep = lastSuccess.isPresent()
        && Duration.between(lastSuccess.get(), at).compareTo(keepStale) <= 0;
    return new NodeSnapshot(at, false, Optional.ofNullable(runtime),
        keep ? lastGood.containers() : List.of(), keep ? lastGood.pods() : List.of(), keep,
        lastSuccess, mode(),
        lastGood == null ? CheckSummary.DISABLED : lastGood.check(),
        keep ? lastGood.blockDevices() : Map.of());
  }

  private Optional<dev.criexporter.cgroup.CgroupMode> mode() {
    return cgroups == null ? Optional.empty() : Optional.of(cgroups.host().mode());
  }

  private long wallNanos() {
    Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /** A running container with what we know about it before asking for stats. */
  private record Entry(Container container, ContainerDetails details, String path) {
  }

  private NodeSnapshot pollRuntime(Instant started) {
    if (!identityFresh) {
      RuntimeIdentity id = client.version();
      if (runtime == null || !runtime.equals(id)) {
        log.info("container runtime {} {} (CRI {}) at {}", id.name(), id.version(),
            id.apiVersion(), id.endpoint());
      }
      runtime = id;
      identityFresh = true;
    }
    List<Container> all = client.listContainers(false);
    boolean walk = cgroups != null && cgroups.ghostScanDue();
    Map<String, PodSandbox> ready = new HashMap<>();
    Set<String> sandboxIds = new HashSet<>();
    if (plan.sandboxes() || walk) {
      for (PodSandbox s : client.listPodSandboxes()) {
        sandboxIds.add(s.getId());
        if (s.getState() == PodSandboxState.SANDBOX_READY) {
          ready.put(s.getId(), s);
        }
      }
    }
    Set<String> known = new HashSet<>(all.size() * 2);
    List<Entry> running = new ArrayList<>(all.size());
    int vanished = 0;
    for (Container c : all) {
      known.add(c.getId());
      if (c.getState() != ContainerState.CONTAINER_RUNNING) {
        continue;
      }
      ContainerDetails d = details(c);
      if (d == null) {
        vanished++;
        continue;
      }
      running.add(new Entry(c, d, path(c.getId(), d)));
    }
    known.addAll(sandboxIds);
    List<ContainerCgroup> walked = walk ? cgroups.scan() : null;

    CgroupStats[] before = new CgroupStats[running.size()];
    for (int i = 0; i < before.length; i++) {
      String p = running.get(i).path();
      before[i] = cgroups == null || p == null ? CgroupStats.EMPTY : cgroups.readBefore(p).stats();
    }
    long callStart = wallNanos();
    int[] statsFailed = new int[1];
    List<ContainerStats> stats = containerStats(running, statsFailed);
    Map<String, ContainerStats> statsById = new HashMap<>(stats.size() * 2);
    for (ContainerStats s : stats) {
      statsById.put(s.getAttributes().getId(), s);
    }

    int withoutStats = 0;
    int cpuDecreased = 0;
    Set<String> missingCgroup = new HashSet<>();
    Set<String> liveIds = new HashSet<>(running.size() * 2);
    TreeMap<String, ContainerSample> ordered = new TreeMap<>();
    for (int i = 0; i < running.size(); i++) {
      Entry e = running.get(i);
      String id = e.container().getId();
      liveIds.add(id);
      ContainerStats s = statsById.remove(id);
      if (s == null) {
        withoutStats++;
      }
      CgroupReadResult after = null;
      List<Finding> findings = List.of();
      if (cgroups != null) {
        if (e.path() == null) {
          missingCgroup.add(id);
        } else {
          after = cgroups.readAfter(e.path());
          if (after.isGone()) {
            missingCgroup.add(id);
            paths.remove(id);
            cgroups.forget(id);
            after = null;
          } else if (s != null) {
            findings = cgroups.check().check(new Observation(id, s, before[i], after.stats(),
                callStart, wallNanos()));
          }
        }
      }
      ContainerStats exported = monotonicCpu(id, s, after);
      if (exported != s) {
        cpuDecreased++;
      }
      PodSandbox sandbox = ready.get(e.container().getPodSandboxId());
      ContainerIdentity identity = identity(e, plan.podLabels() && sandbox != null
          ? sandbox.getLabelsMap() : Map.of());
      ordered.put(identity.namespace() + '/' + identity.pod() + '/' + identity.container() + '/'
          + id, new ContainerSample(identity, exported, after, findings));
    }
    // Whatever is left in statsById belongs to containers ListContainers did not report running.
    int unknownStats = statsById.size();
    details.asMap().keySet().retainAll(liveIds);
    Set<String> keepPaths = new HashSet<>(liveIds);
    keepPaths.addAll(ready.keySet());
    paths.keySet().retainAll(keepPaths);
    exportedCpu.keySet().retainAll(liveIds);

    report("vanished", vanished, "container(s) disappeared between ListContainers and"
        + " ContainerStatus");
    report("stats_failed", statsFailed[0], "running container(s) whose stats make the runtime"
        + " fail ListContainerStats (asked pod by pod, then container by container; exported from"
        + " their cgroups)");
    report("missing_stats", withoutStats - statsFailed[0], "running container(s) without stats in"
        + " ListContainerStats");
    report("unknown_container_stats", unknownStats, "stats entries for containers that"
        + " ListContainers does not list as running (ignored)");
    report("counter_decreased", cpuDecreased, "container(s) whose CPU counter went back since"
        + " the last poll (the last exported value is kept)");

    CheckSummary summary = CheckSummary.DISABLED;
    if (cgroups != null) {
      cgroups.check().retain(liveIds);
      List<String> missing = cgroups.orphans().updateMissing(missingCgroup);
      if (walked != null) {
        cgroups.orphans().updateGhosts(walked, known);
      }
      summary = new CheckSummary(true, cgroups.orphans().ghosts(), missing,
          cgroups.check().failureCounts(), cgroups.check().checkCounts(), cgroups.readFailures());
      conditions.report("ghosts", summary.ghosts().isEmpty() ? null : "present",
          summary.ghosts().size() + " cgroup(s) look like containers but no runtime record"
              + " explains them, e.g. " + (summary.ghosts().isEmpty() ? ""
              : summary.ghosts().get(0).relativePath()),
          "cleared: no more ghost cgroups");
      conditions.report("missing_cgroups", missing.isEmpty() ? null : "present",
          missing.size() + " running container(s) without a readable cgroup, e.g. "
              + (missing.isEmpty() ? "" : missing.get(0)),
          "cleared: every running container has a cgroup again");
    }
    Map<String, String> devices = new HashMap<>();
    if (blockDevices != null) {
      for (ContainerSample sample : ordered.values()) {
        for (var io : sample.cgroupStats().io()) {
          String key = io.major() + ":" + io.minor();
          devices.computeIfAbsent(key, blockDevices::name);
        }
      }
    }
    List<PodSample> pods = plan.sandboxes() ? pods(ready) : List.of();
    return new NodeSnapshot(started, true, Optional.of(runtime), new ArrayList<>(ordered.values()),
        pods, false, Optional.of(started), mode(), summary, devices);
  }

  /**
   * The stats to export for a container: when the runtime's CPU counter is below the value last
   * exported for the same container (a runtime reporting a stale or wrapped counter, or a poll
   * that fell back to the cgroup's later reading), the last exported value is kept, so that
   * {@code container_cpu_usage_seconds_total} never goes back. Only the runtime's figures are
   * replaced: a cgroup reading below it (after a runtime ahead of the kernel, which the
   * cross-check flags) is exported as read. Returns {@code s} itself unless it replaced the
   * counter.
   */
  private ContainerStats monotonicCpu(String id, ContainerStats s, CgroupReadResult after) {
    boolean fromCri = s != null && s.hasCpu() && s.getCpu().hasUsageCoreNanoSeconds();
    long value;
    if (fromCri) {
      value = s.getCpu().getUsageCoreNanoSeconds().getValue();
    } else if (after != null && after.stats().cpu().usageNanos().isPresent()) {
      value = after.stats().cpu().usageNanos().getAsLong();
    } else {
      return s;
    }
    Long last = exportedCpu.get(id);
    if (last != null && Long.compareUnsigned(value, last) < 0) {
      if (!fromCri) {
        return s;
      }
      return s.toBuilder().setCpu(s.getCpu().toBuilder()
          .setUsageCoreNanoSeconds(UInt64Value.newBuilder().setValue(last))).build();
    }
    exportedCpu.put(id, value);
    return s;
  }

  /**
   * The most containers (or sandboxes) any state kept between polls holds: container details,
   * cgroup paths, exported counters, the cross-check's CPU history. Bounded by the live set; for
   * tests of boundedness, called between polls.
   */
  public int trackedContainers() {
    int n = Math.max(details.asMap().size(), Math.max(paths.size(), exportedCpu.size()));
    return cgroups == null ? n : Math.max(n, cgroups.check().trackedContainers());
  }

  /** Ready pods with their stats and, for pod-level series, their cgroups. */
  private List<PodSample> pods(Map<String, PodSandbox> ready) {
    Map<String, PodSandboxStats> stats = plan.sandboxStats() ? sandboxStats(ready) : Map.of();
    TreeMap<String, PodSample> ordered = new TreeMap<>();
    for (PodSandbox s : ready.values()) {
      String sandboxPath = cgroups == null ? null : path(s.getId(), NO_DETAILS);
      String podPath = sandboxPath == null || sandboxPath.indexOf('/') < 0 ? null
          : sandboxPath.substring(0, sandboxPath.lastIndexOf('/'));
      PodIdentity id = new PodIdentity(s.getId(), s.getMetadata().getName(),
          s.getMetadata().getNamespace(), s.getMetadata().getUid(),
          plan.podLabels() ? s.getLabelsMap() : Map.of(),
          sandboxPath == null ? "" : "/" + sandboxPath, podPath == null ? "" : "/" + podPath);
      CgroupReadResult sandboxCgroup = null;
      CgroupReadResult podCgroup = null;
      if (plan.podCgroups() && sandboxPath != null) {
        sandboxCgroup = cgroups.readAfter(sandboxPath);
        podCgroup = cgroups.readAfter(podPath);
      }
      ordered.put(id.namespace() + '/' + id.pod() + '/' + id.sandboxId(),
          new PodSample(id, stats.get(s.getId()), sandboxCgroup, podCgroup));
    }
    return new ArrayList<>(ordered.values());
  }

  private static final ContainerDetails NO_DETAILS = new ContainerDetails("", "", 0);

  /**
   * Whether the runtime answered the call with an error about what it was asked (one container
   * whose stats cannot be collected fails containerd's whole answer, its issue 10796), as opposed
   * to not answering: only the former is worth asking again piece by piece.
   */
  private static boolean answeredWithError(CriException e) {
    return e.kind() == CriException.Kind.OTHER || e.kind() == CriException.Kind.NOT_FOUND;
  }

  /**
   * Stats of every running container. When the whole answer fails because of some container,
   * asks pod by pod, and within a failing pod container by container, so that only the
   * containers whose stats fail go without (they are exported from their cgroups). A runtime that
   * stops answering meanwhile fails the poll as usual.
   */
  private List<ContainerStats> containerStats(List<Entry> running, int[] failedOut) {
    try {
      return client.listContainerStats();
    } catch (CriException whole) {
      if (!answeredWithError(whole)) {
        throw whole;
      }
      Map<String, List<String>> byPod = new java.util.LinkedHashMap<>();
      for (Entry e : running) {
        byPod.computeIfAbsent(e.container().getPodSandboxId(), k -> new ArrayList<>())
            .add(e.container().getId());
      }
      List<ContainerStats> out = new ArrayList<>(running.size());
      int failed = 0;
      for (Map.Entry<String, List<String>> pod : byPod.entrySet()) {
        try {
          out.addAll(client.listContainerStats(
              ContainerStatsFilter.newBuilder().setPodSandboxId(pod.getKey()).build()));
          continue;
        } catch (CriException e) {
          if (!answeredWithError(e)) {
            throw e;
          }
        }
        for (String id : pod.getValue()) {
          try {
            out.addAll(client.listContainerStats(
                ContainerStatsFilter.newBuilder().setId(id).build()));
          } catch (CriException e) {
            if (!answeredWithError(e)) {
              throw e;
            }
            failed++;
            log.debug("stats of container {} fail: {}", id, e.getMessage());
          }
        }
      }
      failedOut[0] = failed;
      return out;
    }
  }

  private static final String POD_STATS_FAILED = "ready pod(s) whose stats make the runtime fail"
      + " ListPodSandboxStats (asked pod by pod; their network figures are left out)";

  /** Pod stats; when the whole answer fails because of some pod, asked pod by pod. */
  private List<PodSandboxStats> podSandboxStats(Map<String, PodSandbox> ready) {
    try {
      List<PodSandboxStats> all = client.listPodSandboxStats();
      report("pod_stats_failed", 0, POD_STATS_FAILED);
      return all;
    } catch (CriException whole) {
      if (!answeredWithError(whole)) {
        throw whole;
      }
      List<PodSandboxStats> out = new ArrayList<>(ready.size());
      int failed = 0;
      for (String id : ready.keySet()) {
        try {
          out.addAll(client.listPodSandboxStats(
              PodSandboxStatsFilter.newBuilder().setId(id).build()));
        } catch (CriException e) {
          if (!answeredWithError(e)) {
            throw e;
          }
          failed++;
        }
      }
      report("pod_stats_failed", failed, POD_STATS_FAILED);
      return out;
    }
  }

  /** Pod stats by sandbox id; a runtime without the call is asked again every ten minutes. */
  private Map<String, PodSandboxStats> sandboxStats(Map<String, PodSandbox> ready) {
    long now = System.nanoTime();
    if (!sandboxStatsSupported && now - sandboxStatsRetryAt < 0) {
      return Map.of();
    }
    try {
      Map<String, PodSandboxStats> out = new HashMap<>();
      for (PodSandboxStats p : podSandboxStats(ready)) {
        out.put(p.getAttributes().getId(), p);
      }
      if (!sandboxStatsSupported) {
        log.info("the runtime answers ListPodSandboxStats now; pod network figures are back");
      }
      sandboxStatsSupported = true;
      return out;
    } catch (CriException e) {
      if (e.kind() != CriException.Kind.UNIMPLEMENTED) {
        throw e;
      }
      if (sandboxStatsSupported) {
        log.warn("the runtime does not implement ListPodSandboxStats (CRI-O before 1.23?);"
            + " pod network figures are left out; asking again every 10 minutes");
      }
      metrics.anomaly("pod_stats_unimplemented", 1);
      sandboxStatsSupported = false;
      sandboxStatsRetryAt = now + 600_000_000_000L;
      return Map.of();
    }
  }

  private void report(String reason, int count, String what) {
    if (count > 0) {
      metrics.anomaly(reason, count);
    }
    conditions.report("anomaly:" + reason, count > 0 ? "present" : null,
        count + " " + what + "; counted in cri_exporter_poll_anomalies_total{reason=\"" + reason
            + "\"}",
        "cleared: no more " + what);
  }

  /** The container's cgroup path relative to the root, resolved once; null when not found. */
  private String path(String id, ContainerDetails d) {
    String p = paths.get(id);
    if (p != null || cgroups == null) {
      return p;
    }
    p = cgroups.resolve(id, d.cgroupsPath()).orElse(null);
    if (p != null) {
      paths.put(id, p);
    }
    return p;
  }

  /** The details of a container, asking the runtime once per container. Null if it vanished. */
  private ContainerDetails details(Container c) {
    ContainerDetails d = details.getIfPresent(c.getId());
    if (d != null) {
      return d;
    }
    try {
      ContainerStatusResponse r = client.containerStatus(c.getId(), true);
      String image = r.getStatus().getImage().getImage();
      if (image.isEmpty() || image.startsWith("sha256:")) {
        String listed = c.getImage().getImage();
        image = !listed.isEmpty() && !listed.startsWith("sha256:") ? listed : image;
      }
      String cgroupsPath = VerboseInfo.cgroupsPath(r.getInfoMap()).orElse("");
      d = new ContainerDetails(image, cgroupsPath, r.getStatus().getStartedAt());
    } catch (CriException e) {
      if (e.kind() == CriException.Kind.NOT_FOUND) {
        return null;
      }
      if (e.kind() == CriException.Kind.UNAVAILABLE || e.kind() == CriException.Kind.PROTOCOL) {
        throw e;
      }
      // The runtime could not describe it: export what the list entry says, ask again next poll.
      metrics.anomaly("status_failed", 1);
      return new ContainerDetails(c.getImage().getImage(), "", 0);
    }
    details.put(c.getId(), d);
    return d;
  }

  private ContainerIdentity identity(Entry e, Map<String, String> podLabels) {
    Container c = e.container();
    Map<String, String> l = c.getLabelsMap();
    String name = l.getOrDefault(CONTAINER_NAME, c.getMetadata().getName());
    String label = "";
    if (e.path() != null) {
      label = "/" + e.path();
    } else if (!e.details().cgroupsPath().isEmpty()) {
      try {
        label = "/" + RuntimeCgroupsPath.toRelativePath(e.details().cgroupsPath());
      } catch (IllegalArgumentException ignored) {
        label = "";
      }
    }
    return new ContainerIdentity(c.getId(), name, l.getOrDefault(POD_NAME, ""),
        l.getOrDefault(POD_NAMESPACE, ""), l.getOrDefault(POD_UID, ""), c.getPodSandboxId(),
        e.details().image(), label, c.getMetadata().getAttempt(), c.getCreatedAt(),
        e.details().startedAtNanos(), podLabels);
  }
}
