package dev.criexporter.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A Kubernetes node with pods and containers, generated deterministically from a seed: kubelet-style names,
 * namespaces, UIDs, images and 64-hex ids, and a workload profile per container. Statistics are a function of
 * time ({@link SimContainer#sample}), so every reader computes the same numbers for the same instant.
 *
 * <p>Churn methods (restart, remove, add, replace) use the node's clock for "now" and publish a new
 * {@link NodeState}; readers on other threads keep a consistent view by reading {@link #state()} once.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
 * SimulatedNode node = SimulatedNode.builder().seed(7).containers(1_000).clock(clock).build();
 * }</pre>
 */
public final class SimulatedNode {

  private static final long GIB = 1L << 30;

  private final Clock clock;
  private final String nodeName;
  private final int cpus;
  private final long memoryBytes;
  private final int containersPerPod;
  private final NodeGenerator generator;
  private final SplittableRandom churnRandom;
  private final Object lock = new Object();
  private final Map<String, SimPod> pods = new LinkedHashMap<>();
  private final Map<String, List<SimContainer>> containersByPod = new LinkedHashMap<>();
  private final Map<String, Retired> retiredByPod = new LinkedHashMap<>();
  private final Map<QosClass, Retired> retiredByQos = new EnumMap<>(QosClass.class);
  private volatile NodeState state;

  private SimulatedNode(Builder b) {
    this.clock = b.clock;
    this.nodeName = b.nodeName;
    this.cpus = b.cpus;
    this.memoryBytes = b.memoryBytes;
    this.containersPerPod = b.containersPerPod;
    this.generator = new NodeGenerator(b.seed);
    this.churnRandom = new SplittableRandom(b.seed ^ 0x6368_7572_6e00_0000L);
    Instant now = clock.instant();
    synchronized (lock) {
      if (b.pods > 0) {
        for (int i = 0; i < b.pods; i++) {
          put(generator.nextPod(b.containersPerPod, now, false));
        }
      } else {
        int remaining = b.containers;
        while (remaining > 0) {
          NodeGenerator.Draft draft = generator.nextPod(0, now, false);
          if (draft.containers().size() > remaining) {
            draft = new NodeGenerator.Draft(draft.pod(), draft.containers().subList(0, remaining));
          }
          put(draft);
          remaining -= draft.containers().size();
        }
      }
      publish();
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Clock clock() {
    return clock;
  }

  public String nodeName() {
    return nodeName;
  }

  /** CPUs the node offers to pods (the kubepods share and quota are derived from it). */
  public int cpus() {
    return cpus;
  }

  /** Memory the node offers to pods (the kubepods memory limit). */
  public long memoryBytes() {
    return memoryBytes;
  }

  /** The current set of pods and containers. */
  public NodeState state() {
    return state;
  }

  public List<SimPod> pods() {
    return state.pods();
  }

  public List<SimContainer> containers() {
    return state.containers();
  }

  /** The container with this id; throws if the node has none. */
  public SimContainer container(String id) {
    return state.container(id).orElseThrow(() -> new NoSuchElementException("no container " + id));
  }

  /** The pod with this UID; throws if the node has none. */
  public SimPod pod(String uid) {
    return state.pod(uid).orElseThrow(() -> new NoSuchElementException("no pod " + uid));
  }

  // ---- churn ---------------------------------------------------------------------------------

  /** Restarts a container: same pod and name, a new id, attempt + 1, counters from zero. */
  public SimContainer restartContainer(String id) {
    synchronized (lock) {
      SimContainer old = requireContainer(id);
      SimContainer fresh = generator.restarted(old, clock.instant());
      List<SimContainer> list = new ArrayList<>(containersByPod.get(old.podUid()));
      list.set(list.indexOf(old), fresh);
      retireContainer(old);
      containersByPod.put(old.podUid(), list);
      publish();
      return fresh;
    }
  }

  /** Removes a container from its pod (the pod stays). */
  public void removeContainer(String id) {
    synchronized (lock) {
      SimContainer old = requireContainer(id);
      List<SimContainer> list = new ArrayList<>(containersByPod.get(old.podUid()));
      list.remove(old);
      retireContainer(old);
      containersByPod.put(old.podUid(), list);
      publish();
    }
  }

  /** Removes a pod, its sandbox and its containers. */
  public void removePod(String uid) {
    synchronized (lock) {
      removePodLocked(uid, clock.instant());
      publish();
    }
  }

  /** Adds a pod of a workload drawn from the node's mix, created now. */
  public SimPod addPod() {
    synchronized (lock) {
      NodeGenerator.Draft draft = generator.nextPod(containersPerPod, clock.instant(), true);
      put(draft);
      publish();
      return draft.pod();
    }
  }

  /** Replaces a pod the way its controller would: removed, and a new pod of the same workload created now. */
  public SimPod replacePod(String uid) {
    synchronized (lock) {
      Instant now = clock.instant();
      SimPod old = removePodLocked(uid, now);
      NodeGenerator.Draft draft = generator.replacement(old, containersPerPod, now);
      put(draft);
      publish();
      return draft.pod();
    }
  }

  /**
   * Accelerated churn: restarts {@code containerRestarts} containers and replaces {@code podReplacements} pods,
   * picked from the node's own random stream (so a run with the same seed churns the same way).
   */
  public ChurnResult churn(int containerRestarts, int podReplacements) {
    synchronized (lock) {
      Instant now = clock.instant();
      List<String> restarted = new ArrayList<>();
      List<String> replaced = new ArrayList<>();
      for (int i = 0; i < containerRestarts; i++) {
        List<SimContainer> all = currentContainers();
        if (all.isEmpty()) {
          break;
        }
        SimContainer old = all.get(churnRandom.nextInt(all.size()));
        SimContainer fresh = generator.restarted(old, now);
        List<SimContainer> list = new ArrayList<>(containersByPod.get(old.podUid()));
        list.set(list.indexOf(old), fresh);
        retireContainer(old);
        containersByPod.put(old.podUid(), list);
        restarted.add(old.id());
      }
      for (int i = 0; i < podReplacements && !pods.isEmpty(); i++) {
        List<String> uids = new ArrayList<>(pods.keySet());
        SimPod old = removePodLocked(uids.get(churnRandom.nextInt(uids.size())), now);
        put(generator.replacement(old, containersPerPod, now));
        replaced.add(old.uid());
      }
      publish();
      return new ChurnResult(List.copyOf(restarted), List.copyOf(replaced));
    }
  }

  /** What one {@link #churn} call changed: ids of restarted containers and UIDs of replaced pods. */
  public record ChurnResult(List<String> restartedContainerIds, List<String> replacedPodUids) {
  }

  // ---- internals -----------------------------------------------------------------------------

  private List<SimContainer> currentContainers() {
    List<SimContainer> all = new ArrayList<>();
    containersByPod.values().forEach(all::addAll);
    return all;
  }

  private SimContainer requireContainer(String id) {
    Objects.requireNonNull(id, "id");
    for (List<SimContainer> list : containersByPod.values()) {
      for (SimContainer c : list) {
        if (c.id().equals(id)) {
          return c;
        }
      }
    }
    throw new NoSuchElementException("no container " + id);
  }

  private void retireContainer(SimContainer old) {
    Retired left = new Retired(old.sample(clock.instant()).countersOnly(), CgroupSample.ZERO);
    retiredByPod.merge(old.podUid(), left, Retired::plus);
  }

  private SimPod removePodLocked(String uid, Instant now) {
    SimPod pod = pods.remove(uid);
    if (pod == null) {
      throw new NoSuchElementException("no pod " + uid);
    }
    CgroupSample containers = retiredByPod.getOrDefault(uid, Retired.NONE).containers();
    for (SimContainer c : containersByPod.remove(uid)) {
      containers = containers.plus(c.sample(now).countersOnly());
    }
    CgroupSample sandboxes = retiredByPod.getOrDefault(uid, Retired.NONE).sandboxes()
        .plus(pod.sandboxSample(now).countersOnly());
    retiredByPod.remove(uid);
    retiredByQos.merge(pod.qos(), new Retired(containers, sandboxes), Retired::plus);
    generator.release(pod);
    return pod;
  }

  private void put(NodeGenerator.Draft draft) {
    pods.put(draft.pod().uid(), draft.pod());
    containersByPod.put(draft.pod().uid(), List.copyOf(draft.containers()));
  }

  private void publish() {
    long generation = state == null ? 0 : state.generation() + 1;
    state = new NodeState(generation, pods, containersByPod, retiredByPod, retiredByQos);
  }

  /** Configures a {@link SimulatedNode}. */
  public static final class Builder {
    private long seed = 1;
    private Clock clock = Clock.systemUTC();
    private int containers = 100;
    private int pods;
    private int containersPerPod;
    private String nodeName = "worker-1";
    private int cpus = 16;
    private long memoryBytes = 64 * GIB;

    private Builder() {
    }

    /** The seed every name, id and profile is drawn from. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The clock that decides "now" for the initial state and for churn (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Exactly {@code n} containers in pods of the workloads' natural sizes (1–3 containers). */
    public Builder containers(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("containers must be >= 0, got " + n);
      }
      this.containers = n;
      this.pods = 0;
      this.containersPerPod = 0;
      return this;
    }

    /** {@code m} pods of {@code k} containers each (sidecars are added or containers dropped to fit). */
    public Builder pods(int m, int k) {
      if (m < 0 || k < 1) {
        throw new IllegalArgumentException("need pods >= 0 and containers per pod >= 1, got " + m + ", " + k);
      }
      this.pods = m;
      this.containersPerPod = k;
      return this;
    }

    public Builder nodeName(String name) {
      this.nodeName = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder cpus(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("cpus must be >= 1, got " + n);
      }
      this.cpus = n;
      return this;
    }

    public Builder memoryBytes(long bytes) {
      if (bytes < GIB || bytes % MemoryStats.PAGE_SIZE != 0) {
        throw new IllegalArgumentException("memory must be >= 1 GiB and page-aligned, got " + bytes);
      }
      this.memoryBytes = bytes;
      return this;
    }

    public SimulatedNode build() {
      return new SimulatedNode(this);
    }
  }
}
