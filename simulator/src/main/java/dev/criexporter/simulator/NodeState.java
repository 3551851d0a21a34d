package dev.criexporter.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of a {@link SimulatedNode} at one moment of its churn: which pods and containers exist.
 * Read one view per answer so that lists, statistics and aggregates agree with each other.
 */
public final class NodeState {

  private final long generation;
  private final List<SimPod> pods;
  private final List<SimContainer> containers;
  private final Map<String, SimPod> podsByUid;
  private final Map<String, SimPod> podsBySandboxId;
  private final Map<String, SimContainer> containersById;
  private final Map<String, List<SimContainer>> containersByPod;
  private final Map<String, Retired> retiredByPod;
  private final Map<QosClass, Retired> retiredByQos;

  NodeState(long generation, Map<String, SimPod> pods, Map<String, List<SimContainer>> containersByPod,
      Map<String, Retired> retiredByPod, Map<QosClass, Retired> retiredByQos) {
    this.generation = generation;
    this.pods = List.copyOf(pods.values());
    Map<String, SimPod> bySandbox = new HashMap<>();
    Map<String, List<SimContainer>> byPod = new LinkedHashMap<>();
    Map<String, SimContainer> byId = new HashMap<>();
    List<SimContainer> all = new ArrayList<>();
    for (SimPod pod : this.pods) {
      bySandbox.put(pod.sandboxId(), pod);
      List<SimContainer> own = List.copyOf(containersByPod.getOrDefault(pod.uid(), List.of()));
      byPod.put(pod.uid(), own);
      for (SimContainer c : own) {
        byId.put(c.id(), c);
        all.add(c);
      }
    }
    this.podsByUid = Collections.unmodifiableMap(new LinkedHashMap<>(pods));
    this.podsBySandboxId = Collections.unmodifiableMap(bySandbox);
    this.containersByPod = Collections.unmodifiableMap(byPod);
    this.containersById = Collections.unmodifiableMap(byId);
    this.containers = List.copyOf(all);
    this.retiredByPod = Map.copyOf(retiredByPod);
    this.retiredByQos = Map.copyOf(retiredByQos);
  }

  /** Increases with every change to the set of pods and containers. */
  public long generation() {
    return generation;
  }

  public List<SimPod> pods() {
    return pods;
  }

  /** Every container, grouped by pod in pod order. Sandboxes are not containers. */
  public List<SimContainer> containers() {
    return containers;
  }

  public Optional<SimPod> pod(String uid) {
    return Optional.ofNullable(podsByUid.get(uid));
  }

  public Optional<SimPod> podBySandboxId(String sandboxId) {
    return Optional.ofNullable(podsBySandboxId.get(sandboxId));
  }

  public Optional<SimContainer> container(String id) {
    return Optional.ofNullable(containersById.get(id));
  }

  public List<SimContainer> containersOf(String podUid) {
    return containersByPod.getOrDefault(podUid, List.of());
  }

  /**
   * The pod cgroup's statistics: its containers, its sandbox if the runtime gives the sandbox a cgroup, and
   * what removed containers left behind.
   */
  public CgroupSample podSample(SimPod pod, Instant at, boolean sandboxCgroups) {
    CgroupSample sum = retiredInPod(pod.uid(), sandboxCgroups);
    if (sandboxCgroups) {
      sum = sum.plus(pod.sandboxSample(at));
    }
    for (SimContainer c : containersOf(pod.uid())) {
      sum = sum.plus(c.sample(at));
    }
    return sum;
  }

  /** A QoS level's statistics (for guaranteed pods, the part of kubepods they make up). */
  public CgroupSample qosSample(QosClass qos, Instant at, boolean sandboxCgroups) {
    CgroupSample sum = retiredInQos(qos, sandboxCgroups);
    for (SimPod pod : pods) {
      if (pod.qos() == qos) {
        sum = sum.plus(podSample(pod, at, sandboxCgroups));
      }
    }
    return sum;
  }

  /** The statistics of kubepods, the parent of every pod. */
  public CgroupSample kubepodsSample(Instant at, boolean sandboxCgroups) {
    CgroupSample sum = CgroupSample.ZERO;
    for (QosClass qos : QosClass.values()) {
      sum = sum.plus(qosSample(qos, at, sandboxCgroups));
    }
    return sum;
  }

  CgroupSample retiredInPod(String podUid, boolean sandboxCgroups) {
    return retiredByPod.getOrDefault(podUid, Retired.NONE).total(sandboxCgroups);
  }

  CgroupSample retiredInQos(QosClass qos, boolean sandboxCgroups) {
    return retiredByQos.getOrDefault(qos, Retired.NONE).total(sandboxCgroups);
  }
}
