package dev.criexporter.exporter.poll;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.criexporter.cri.CriClient;
import dev.criexporter.cri.CriException;
import dev.criexporter.cri.RuntimeIdentity;
import dev.criexporter.cri.v1.Container;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.ContainerStatusResponse;
import dev.criexporter.exporter.SelfMetrics;
import dev.criexporter.exporter.model.ContainerIdentity;
import dev.criexporter.exporter.model.ContainerSample;
import dev.criexporter.exporter.model.NodeSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of the runtime, turned into an immutable {@link NodeSnapshot}. Calls per poll:
 * {@code ListContainers} and {@code ListContainerStats}, plus {@code Version} after a failure and
 * {@code ContainerStatus} once per new container. Never throws: every failure becomes a counted,
 * logged condition and a snapshot that says so.
 *
 * <p>Not thread-safe: the {@link PollLoop} runs it from one thread.
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
  private final CgroupPathMapper cgroupPaths;
  private final ConditionLog conditions = new ConditionLog(log);
  private final Cache<String, ContainerDetails> details = Caffeine.newBuilder()
      .maximumSize(50_000).build();

  private RuntimeIdentity runtime;
  private boolean identityFresh;
  private NodeSnapshot lastGood;

  /**
   * @param keepStale how long container series of the last good poll are served while the runtime
   *     fails; after that they are dropped
   * @param cgroupPaths turns the runtime's cgroupsPath into the cgroup path label
   */
  public Poller(CriClient client, Clock clock, Duration keepStale, SelfMetrics metrics,
      CgroupPathMapper cgroupPaths) {
    this.client = client;
    this.clock = clock;
    this.keepStale = keepStale;
    this.metrics = metrics;
    this.cgroupPaths = cgroupPaths;
  }

  /** Maps the runtime's {@code cgroupsPath} (cgroupfs or systemd form) to a path from the root. */
  @FunctionalInterface
  public interface CgroupPathMapper {
    String toPath(String cgroupsPath);
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
      if (conditions.report("internal", e.getClass().getName(), "poll failed unexpectedly", null)) {
        log.error("poll failed unexpectedly", e);
      }
      return failed(started);
    }
  }

  private NodeSnapshot failed(Instant at) {
    if (lastGood != null && lastGood.lastSuccess().isPresent()
        && Duration.between(lastGood.lastSuccess().get(), at).compareTo(keepStale) <= 0) {
      return new NodeSnapshot(at, false, Optional.ofNullable(runtime), lastGood.containers(), true,
          lastGood.lastSuccess());
    }
    return new NodeSnapshot(at, false, Optional.ofNullable(runtime), List.of(), false,
        lastGood == null ? Optional.empty() : lastGood.lastSuccess());
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
    List<Container> containers = client.listContainers(true);
    List<ContainerStats> stats = client.listContainerStats();

    Map<String, ContainerStats> statsById = new HashMap<>(stats.size() * 2);
    for (ContainerStats s : stats) {
      statsById.put(s.getAttributes().getId(), s);
    }
    int vanished = 0;
    int withoutStats = 0;
    TreeMap<String, ContainerSample> byKey = new TreeMap<>();
    for (Container c : containers) {
      ContainerDetails d = details(c);
      if (d == null) {
        vanished++;
        continue;
      }
      ContainerStats s = statsById.remove(c.getId());
      if (s == null) {
        withoutStats++;
      }
      ContainerIdentity identity = identity(c, d);
      byKey.put(identity.namespace() + '/' + identity.pod() + '/' + identity.container() + '/'
          + identity.id(), new ContainerSample(identity, s));
    }
    // Whatever is left in statsById belongs to containers ListContainers did not report running.
    int unknownStats = statsById.size();
    details.asMap().keySet().retainAll(containers.stream().map(Container::getId).toList());

    report("vanished", vanished, "container(s) disappeared between ListContainers and"
        + " ContainerStatus");
    report("missing_stats", withoutStats, "running container(s) without stats in"
        + " ListContainerStats");
    report("unknown_container_stats", unknownStats, "stats entries for containers that"
        + " ListContainers does not list as running (ignored)");

    List<ContainerSample> samples = new ArrayList<>(byKey.values());
    return new NodeSnapshot(started, true, Optional.of(runtime), samples, false,
        Optional.of(started));
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

  private ContainerIdentity identity(Container c, ContainerDetails d) {
    Map<String, String> l = c.getLabelsMap();
    String name = l.getOrDefault(CONTAINER_NAME, c.getMetadata().getName());
    String path = d.cgroupsPath().isEmpty() ? "" : cgroupPaths.toPath(d.cgroupsPath());
    return new ContainerIdentity(c.getId(), name, l.getOrDefault(POD_NAME, ""),
        l.getOrDefault(POD_NAMESPACE, ""), l.getOrDefault(POD_UID, ""), c.getPodSandboxId(),
        d.image(), path, c.getMetadata().getAttempt(), c.getCreatedAt(), d.startedAtNanos(),
        Map.of());
  }
}
