package dev.criexporter.simulator;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;

/**
 * Writes a synthetic cgroup tree for the pods and containers of a {@link SimulatedNode}, in the kernel's file
 * formats ({@link CgroupV2Files}, {@link CgroupV1Files}) and a runtime's {@link CgroupLayout}, under a root
 * directory that stands for {@code /sys/fs/cgroup}.
 *
 * <p>{@link #update(Instant)} brings the tree to the node's current state at that instant: new containers and
 * pods get their directories and settings files, removed ones lose their directories, and every cgroup's
 * counter files whose text changed are rewritten (in place by default, or atomically: see {@link WriteMode}).
 * The numbers agree exactly with what a fake runtime computes from the same
 * node for the same instant; {@link #sampleClock()} tells it which instant each cgroup was last written at.
 *
 * <pre>{@code
 * CgroupTreeWriter tree = CgroupTreeWriter.create(node, hostRoot.resolve("sys/fs/cgroup"),
 *         CgroupVersion.V2, CgroupLayout.CONTAINERD_SYSTEMD);
 * tree.update(clock.instant());
 * }</pre>
 */
public final class CgroupTreeWriter {

  /** The v1 hierarchies written in hybrid mode, each under its own directory. */
  public static final List<String> V1_HIERARCHIES =
      List.of("blkio", "cpu", "cpuacct", "memory", "pids", "systemd", "unified");

  private static final String KUBEPODS_KEY = "kubepods";
  private static final int IO_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  private static final String V2_CONTROLLERS = "cpuset cpu io memory hugetlb pids rdma misc\n";
  private static final WorkloadProfile GHOST_PROFILE = new WorkloadProfile(0.01, 8L << 20, 2L << 20, 0, 1, 3, 0, 0,
      0, 0, 5, 0, CgroupLimits.unlimited(CgroupLimits.MIN_CPU_SHARES));

  /** How counter files are replaced. */
  public enum WriteMode {
    /**
     * Overwrite the existing file (truncating only when the new text is shorter). Fast, and what the kernel's
     * files look like to a reader between updates; a reader racing an update may see a half-written file.
     */
    IN_PLACE,
    /** Write a temporary file and rename it over the old one: readers racing an update never see a mix. */
    ATOMIC
  }

  private final SimulatedNode node;
  private final Path root;
  private final WriteMode writeMode;
  /** The last text written to each cgroup's counter files, to skip files whose text did not change. */
  private final Map<String, String[]> lastCounters = new ConcurrentHashMap<>();
  private final CgroupVersion version;
  private final CgroupLayout layout;
  private final Map<String, Cgroup> written = new LinkedHashMap<>();
  private final Map<String, Cgroup> ghosts = new LinkedHashMap<>();
  private final Set<String> vanished = new HashSet<>();
  private final Map<String, Instant> writtenAt = new ConcurrentHashMap<>();
  private final SplittableRandom ghostIds = new SplittableRandom(0x6805_7000L);
  private volatile Instant lastUpdate;
  private boolean rootWritten;

  private enum Kind { KUBEPODS, QOS, POD, SANDBOX, CONTAINER, GHOST }

  /** One cgroup: its key (owner id), path relative to the root, settings and processes. */
  private record Cgroup(String key, Kind kind, String path, CgroupLimits limits, OptionalLong hierarchicalMemoryLimit,
      List<Long> pids) {

    boolean isLeaf() {
      return kind == Kind.SANDBOX || kind == Kind.CONTAINER || kind == Kind.GHOST;
    }
  }

  private CgroupTreeWriter(SimulatedNode node, Path root, CgroupVersion version, CgroupLayout layout,
      WriteMode writeMode) {
    this.node = Objects.requireNonNull(node, "node");
    this.writeMode = Objects.requireNonNull(writeMode, "writeMode");
    this.root = Objects.requireNonNull(root, "root");
    this.version = Objects.requireNonNull(version, "version");
    this.layout = Objects.requireNonNull(layout, "layout");
  }

  /** A writer for {@code node} under {@code root}; nothing is written before the first {@link #update}. */
  public static CgroupTreeWriter create(SimulatedNode node, Path root, CgroupVersion version, CgroupLayout layout) {
    return new CgroupTreeWriter(node, root, version, layout, WriteMode.IN_PLACE);
  }

  /** As {@link #create(SimulatedNode, Path, CgroupVersion, CgroupLayout)}, choosing how files are replaced. */
  public static CgroupTreeWriter create(SimulatedNode node, Path root, CgroupVersion version, CgroupLayout layout,
      WriteMode writeMode) {
    return new CgroupTreeWriter(node, root, version, layout, writeMode);
  }

  public Path root() {
    return root;
  }

  public CgroupVersion version() {
    return version;
  }

  public CgroupLayout layout() {
    return layout;
  }

  /** The instant of the last {@link #update}, or {@code null} before the first. */
  public Instant lastUpdate() {
    return lastUpdate;
  }

  /** Brings the tree to the node's state at its clock's current instant. */
  public void update() {
    update(node.clock().instant());
  }

  /**
   * Brings the tree to the node's state at {@code now}: creates directories and settings files for new cgroups,
   * deletes those of removed ones, and rewrites the counter files whose text changed (settings files are
   * written once, at creation).
   */
  public synchronized void update(Instant now) {
    Objects.requireNonNull(now, "now");
    NodeState state = node.state();
    if (!rootWritten) {
      writeRoot();
      rootWritten = true;
    }
    Map<String, Cgroup> desired = desired(state);

    List<Cgroup> gone = new ArrayList<>();
    for (Cgroup c : written.values()) {
      if (!desired.containsKey(c.key())) {
        gone.add(c);
      }
    }
    gone.sort(Comparator.comparingInt((Cgroup c) -> c.path().length()).reversed());
    for (Cgroup c : gone) {
      deleteCgroup(c.path());
      written.remove(c.key());
      writtenAt.remove(c.key());
      lastCounters.remove(c.key());
    }
    vanished.retainAll(desired.keySet());
    List<Cgroup> parents = new ArrayList<>();
    List<Cgroup> leaves = new ArrayList<>();
    for (Cgroup c : desired.values()) {
      if (!written.containsKey(c.key()) && !vanished.contains(c.key())) {
        (c.isLeaf() ? leaves : parents).add(c);
        written.put(c.key(), c);
      }
    }
    Set<String> fresh = ConcurrentHashMap.newKeySet();
    parents.forEach(c -> createCgroup(c, fresh));
    inParallel(leaves, c -> createCgroup(c, fresh));

    Map<String, CgroupSample> samples = samples(state, now);
    List<Cgroup> toWrite = new ArrayList<>();
    for (Cgroup c : desired.values()) {
      if (!vanished.contains(c.key())) {
        toWrite.add(c);
      }
    }
    inParallel(toWrite, c -> {
      writeCounters(c, samples.get(c.key()), fresh.contains(c.key()));
      writtenAt.put(c.key(), now);
    });
    lastUpdate = now;
  }

  /**
   * Tells a fake runtime at which instant each cgroup was last written, so that its answers match the files
   * exactly even while a ticker keeps updating the tree. Owners not written yet use the last update's instant
   * (or the node's clock before the first update).
   */
  public SampleClock sampleClock() {
    return ownerId -> {
      Instant at = writtenAt.get(ownerId);
      if (at != null) {
        return at;
      }
      Instant last = lastUpdate;
      return last != null ? last : node.clock().instant();
    };
  }

  /**
   * Adds a cgroup that no runtime knows: a container-shaped directory with a fresh 64-hex id inside the first
   * pod's cgroup, with statistics that never change. Returns the id.
   */
  public synchronized String addGhost() {
    List<SimPod> pods = node.state().pods();
    if (pods.isEmpty()) {
      throw new IllegalStateException("the node has no pod whose cgroup could hold a ghost");
    }
    return addGhost(pods.get(0).uid());
  }

  /** Adds a ghost cgroup (see {@link #addGhost()}) inside the given pod's cgroup. Returns its id. */
  public synchronized String addGhost(String podUid) {
    SimPod pod = node.state().pod(podUid).orElseThrow(() -> new NoSuchElementException("no pod " + podUid));
    StringBuilder id = new StringBuilder(64);
    for (int i = 0; i < 4; i++) {
      id.append(String.format("%016x", ghostIds.nextLong()));
    }
    String key = id.toString();
    Cgroup ghost = new Cgroup(key, Kind.GHOST, layout.containerPath(pod, key), GHOST_PROFILE.limits(),
        OptionalLong.empty(), List.of());
    Set<String> fresh = new HashSet<>();
    createCgroup(ghost, fresh);
    Instant at = lastUpdate != null ? lastUpdate : node.clock().instant();
    writeCounters(ghost, WorkloadModel.sample(GHOST_PROFILE, at.minus(Duration.ofHours(1)), key.hashCode(), at),
        fresh.contains(key));
    ghosts.put(key, ghost);
    return key;
  }

  /** Deletes a ghost cgroup. */
  public synchronized void removeGhost(String id) {
    Cgroup ghost = ghosts.remove(id);
    if (ghost == null) {
      throw new NoSuchElementException("no ghost cgroup " + id);
    }
    deleteCgroup(ghost.path());
  }

  /**
   * Deletes the cgroup of a container (or pod sandbox) the runtime still reports, and keeps it deleted until
   * the node removes the container: the runtime lists it, its cgroup is gone.
   */
  public synchronized void vanish(String ownerId) {
    Cgroup c = written.get(ownerId);
    if (c == null || !c.isLeaf()) {
      throw new NoSuchElementException("no container or sandbox cgroup written for " + ownerId);
    }
    deleteCgroup(c.path());
    written.remove(ownerId);
    writtenAt.remove(ownerId);
    lastCounters.remove(ownerId);
    vanished.add(ownerId);
  }

  /**
   * The path of a cgroup relative to the root, by owner: a container or sandbox id, a pod UID, or a ghost id.
   * Works before the first update too.
   */
  public String relativePath(String ownerId) {
    Cgroup ghost;
    synchronized (this) {
      ghost = ghosts.get(ownerId);
    }
    if (ghost != null) {
      return ghost.path();
    }
    NodeState state = node.state();
    var pod = state.pod(ownerId);
    if (pod.isPresent()) {
      return layout.podPath(pod.get());
    }
    var container = state.container(ownerId);
    if (container.isPresent()) {
      return layout.containerPath(state.pod(container.get().podUid()).orElseThrow(), ownerId);
    }
    var sandbox = state.podBySandboxId(ownerId);
    if (sandbox.isPresent()) {
      return layout.containerPath(sandbox.get(), ownerId);
    }
    throw new NoSuchElementException("no cgroup owner " + ownerId);
  }

  /** The cgroup's directory: under the root in v2, under {@code root/<hierarchy>} in v1. */
  public Path dir(String hierarchy, String ownerId) {
    if (version == CgroupVersion.V2) {
      return root.resolve(relativePath(ownerId));
    }
    if (!V1_HIERARCHIES.contains(hierarchy)) {
      throw new IllegalArgumentException("not a v1 hierarchy: " + hierarchy + " (one of " + V1_HIERARCHIES + ")");
    }
    return root.resolve(hierarchy).resolve(relativePath(ownerId));
  }

  // ---- what should exist ---------------------------------------------------------------------

  private Map<String, Cgroup> desired(NodeState state) {
    Map<String, Cgroup> out = new LinkedHashMap<>();
    CgroupLimits kubepodsLimits = KubeletLimits.kubepods(node);
    OptionalLong kubepodsMemory = kubepodsLimits.memoryLimitBytes();
    out.put(KUBEPODS_KEY, new Cgroup(KUBEPODS_KEY, Kind.KUBEPODS, layout.kubepodsPath(), kubepodsLimits,
        kubepodsMemory, List.of()));
    Map<QosClass, OptionalLong> qosMemory = new HashMap<>();
    qosMemory.put(QosClass.GUARANTEED, kubepodsMemory);
    for (QosClass qos : List.of(QosClass.BURSTABLE, QosClass.BEST_EFFORT)) {
      CgroupLimits limits = KubeletLimits.qos(state, qos);
      OptionalLong hierarchical = min(kubepodsMemory, limits.memoryLimitBytes());
      qosMemory.put(qos, hierarchical);
      out.put(qosKey(qos),
          new Cgroup(qosKey(qos), Kind.QOS, layout.qosPath(qos), limits, hierarchical, List.of()));
    }
    for (SimPod pod : state.pods()) {
      Cgroup existing = written.get(pod.uid());
      // Settings are written once, when the pod's cgroup is created.
      CgroupLimits podLimits = existing != null
          ? existing.limits()
          : KubeletLimits.pod(state.containersOf(pod.uid()));
      OptionalLong podMemory = min(qosMemory.get(pod.qos()), podLimits.memoryLimitBytes());
      out.put(pod.uid(), new Cgroup(pod.uid(), Kind.POD, layout.podPath(pod), podLimits, podMemory, List.of()));
      if (layout.sandboxCgroups()) {
        CgroupLimits sandboxLimits = CgroupLimits.unlimited(CgroupLimits.MIN_CPU_SHARES);
        out.put(pod.sandboxId(), new Cgroup(pod.sandboxId(), Kind.SANDBOX,
            layout.containerPath(pod, pod.sandboxId()), sandboxLimits, podMemory,
            List.of(pod.sandboxPid())));
      }
      for (SimContainer c : state.containersOf(pod.uid())) {
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < c.profile().processes(); i++) {
          pids.add(c.pid() + i);
        }
        CgroupLimits limits = c.profile().limits();
        out.put(c.id(), new Cgroup(c.id(), Kind.CONTAINER, layout.containerPath(pod, c.id()), limits,
            min(podMemory, limits.memoryLimitBytes()), List.copyOf(pids)));
      }
    }
    return out;
  }

  private Map<String, CgroupSample> samples(NodeState state, Instant now) {
    boolean sandboxes = layout.sandboxCgroups();
    Map<String, CgroupSample> leaves = new ConcurrentHashMap<>();
    state.containers().parallelStream().forEach(c -> leaves.put(c.id(), c.sample(now)));
    if (sandboxes) {
      state.pods().parallelStream().forEach(p -> leaves.put(p.sandboxId(), p.sandboxSample(now)));
    }
    Map<String, CgroupSample> out = new HashMap<>(leaves);
    Map<QosClass, CgroupSample> qosSums = new HashMap<>();
    for (QosClass qos : QosClass.values()) {
      qosSums.put(qos, state.retiredInQos(qos, sandboxes));
    }
    for (SimPod pod : state.pods()) {
      CgroupSample sum = state.retiredInPod(pod.uid(), sandboxes);
      if (sandboxes) {
        sum = sum.plus(leaves.get(pod.sandboxId()));
      }
      for (SimContainer c : state.containersOf(pod.uid())) {
        sum = sum.plus(leaves.get(c.id()));
      }
      out.put(pod.uid(), sum);
      qosSums.merge(pod.qos(), sum, CgroupSample::plus);
    }
    CgroupSample kubepods = CgroupSample.ZERO;
    for (QosClass qos : QosClass.values()) {
      kubepods = kubepods.plus(qosSums.get(qos));
      if (qos.hasCgroupLevel()) {
        out.put(qosKey(qos), qosSums.get(qos));
      }
    }
    out.put(KUBEPODS_KEY, kubepods);
    return out;
  }

  /**
   * Runs file work on a few threads: each write is a handful of system calls that mostly wait on the file
   * system, so more threads than cores help, and the common pool (cores − 1 threads) is too small.
   */
  private static <T> void inParallel(List<T> items, java.util.function.Consumer<T> work) {
    if (items.size() < 64) {
      items.forEach(work);
      return;
    }
    ForkJoinPool pool = new ForkJoinPool(IO_THREADS);
    try {
      pool.submit(() -> items.parallelStream().forEach(work)).join();
    } finally {
      pool.shutdown();
    }
  }

  private static String qosKey(QosClass qos) {
    return "qos/" + qos.cgroupLevel();
  }

  private static OptionalLong min(OptionalLong a, OptionalLong b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return OptionalLong.of(Math.min(a.getAsLong(), b.getAsLong()));
  }

  // ---- writing -------------------------------------------------------------------------------

  private void writeRoot() {
    if (version == CgroupVersion.V2) {
      mkdirs(root);
      write(root, "cgroup.controllers", V2_CONTROLLERS);
      write(root, "cgroup.subtree_control", V2_CONTROLLERS);
    } else {
      for (String h : V1_HIERARCHIES) {
        mkdirs(root.resolve(h));
      }
      write(root.resolve("unified"), "cgroup.controllers", "");
    }
  }

  /** Creates a cgroup's directories and settings files; notes it in {@code fresh} if every directory is new. */
  private void createCgroup(Cgroup c, Set<String> fresh) {
    boolean crun = c.kind() == Kind.CONTAINER && layout.crunSubCgroup();
    List<Long> ownPids = crun ? List.of() : c.pids();
    CgroupLimits subLimits = CgroupLimits.unlimited(c.limits().cpuShares());
    boolean allNew;
    if (version == CgroupVersion.V2) {
      Path dir = root.resolve(c.path());
      allNew = mkdir(dir);
      writeV2Settings(dir, c.limits(), ownPids, allNew);
      if (crun) {
        Path sub = dir.resolve(CgroupLayout.CRUN_SUB_CGROUP);
        allNew &= mkdir(sub);
        writeV2Settings(sub, subLimits, c.pids(), allNew);
      }
    } else {
      allNew = writeV1Settings(c.path(), c.limits(), ownPids);
      if (crun) {
        allNew &= writeV1Settings(c.path() + "/" + CgroupLayout.CRUN_SUB_CGROUP, subLimits, c.pids());
      }
    }
    if (allNew) {
      fresh.add(c.key());
    }
  }

  private void writeV2Settings(Path dir, CgroupLimits limits, List<Long> pids, boolean newDir) {
    String previous = newDir ? "" : null;
    write(dir, "cgroup.procs", CgroupV2Files.procs(pids), previous);
    write(dir, "cpu.max", CgroupV2Files.cpuMax(limits), previous);
    write(dir, "cpu.weight", CgroupV2Files.cpuWeight(limits), previous);
    write(dir, "memory.max", CgroupV2Files.limit(limits.memoryLimitBytes()), previous);
    write(dir, "memory.high", CgroupV2Files.limit(OptionalLong.empty()), previous);
    // Protections the kubelet leaves at the kernel's default unless memory QoS is on.
    write(dir, "memory.low", "0\n", previous);
    write(dir, "memory.min", "0\n", previous);
    write(dir, "memory.swap.max", CgroupV2Files.limit(limits.swapLimitBytes()), previous);
    write(dir, "pids.max", CgroupV2Files.limit(limits.pidsLimit()), previous);
  }

  /** Writes the v1 settings of one cgroup; true if every hierarchy's directory was new. */
  private boolean writeV1Settings(String path, CgroupLimits limits, List<Long> pids) {
    String procs = CgroupV2Files.procs(pids);
    boolean allNew = true;
    for (String h : V1_HIERARCHIES) {
      Path dir = root.resolve(h).resolve(path);
      boolean isNew = mkdir(dir);
      allNew &= isNew;
      write(dir, "cgroup.procs", procs, isNew ? "" : null);
    }
    String previous = allNew ? "" : null;
    Path cpu = root.resolve("cpu").resolve(path);
    write(cpu, "cpu.cfs_quota_us", CgroupV1Files.cfsQuota(limits), previous);
    write(cpu, "cpu.cfs_period_us", CgroupV1Files.cfsPeriod(limits), previous);
    write(cpu, "cpu.shares", CgroupV1Files.shares(limits), previous);
    write(root.resolve("memory").resolve(path), "memory.limit_in_bytes",
        CgroupV1Files.memoryLimit(limits.memoryLimitBytes()), previous);
    write(root.resolve("pids").resolve(path), "pids.max", CgroupV1Files.pidsMax(limits.pidsLimit()), previous);
    return allNew;
  }

  private void writeCounters(Cgroup c, CgroupSample s, boolean freshDir) {
    boolean crun = c.kind() == Kind.CONTAINER && layout.crunSubCgroup();
    Counters out = new Counters(lastCounters.computeIfAbsent(c.key(), k -> new String[2 * COUNTER_FILES]),
        freshDir);
    if (version == CgroupVersion.V2) {
      Path dir = root.resolve(c.path());
      writeV2Counters(out, dir, s);
      if (crun) {
        writeV2Counters(out, dir.resolve(CgroupLayout.CRUN_SUB_CGROUP), s);
      }
    } else {
      MemoryStats local = c.isLeaf() && !crun ? s.memory() : MemoryStats.ZERO;
      writeV1Counters(out, c.path(), s, local, c.hierarchicalMemoryLimit());
      if (crun) {
        writeV1Counters(out, c.path() + "/" + CgroupLayout.CRUN_SUB_CGROUP, s, s.memory(),
            c.hierarchicalMemoryLimit());
      }
    }
  }

  /** The most counter files one directory gets (v2: 11, v1: 10). */
  private static final int COUNTER_FILES = 11;

  /** Writes one cgroup's counter files in a fixed order, skipping those whose text did not change. */
  private final class Counters {
    private final String[] last;
    private final boolean freshDir;
    private int next;

    Counters(String[] last, boolean freshDir) {
      this.last = last;
      this.freshDir = freshDir;
    }

    void write(Path dir, String name, String content) {
      int slot = next++;
      String previous = last[slot];
      if (content.equals(previous)) {
        return;
      }
      // A file in a directory created in this update does not exist yet: nothing to cut.
      CgroupTreeWriter.this.write(dir, name, content, previous == null && freshDir ? "" : previous);
      last[slot] = content;
    }
  }

  private void writeV2Counters(Counters out, Path dir, CgroupSample s) {
    out.write(dir, "cpu.stat", CgroupV2Files.cpuStat(s.cpu()));
    out.write(dir, "memory.current", CgroupV2Files.memoryCurrent(s.memory()));
    out.write(dir, "memory.stat", CgroupV2Files.memoryStat(s.memory()));
    out.write(dir, "memory.peak", CgroupV2Files.memoryPeak(s.memory()));
    out.write(dir, "memory.events", CgroupV2Files.memoryEvents(s.memory()));
    out.write(dir, "memory.swap.current", CgroupV2Files.memorySwapCurrent(s.memory()));
    out.write(dir, "pids.current", CgroupV2Files.pidsCurrent(s.threads()));
    out.write(dir, "io.stat", CgroupV2Files.ioStat(s.io()));
    out.write(dir, "cpu.pressure", CgroupV2Files.pressure(s.cpuPressure()));
    out.write(dir, "memory.pressure", CgroupV2Files.pressure(s.memoryPressure()));
    out.write(dir, "io.pressure", CgroupV2Files.pressure(s.ioPressure()));
  }

  private void writeV1Counters(Counters out, String path, CgroupSample s, MemoryStats local,
      OptionalLong hierarchicalLimit) {
    Path cpuacct = root.resolve("cpuacct").resolve(path);
    out.write(cpuacct, "cpuacct.usage", CgroupV1Files.cpuacctUsage(s.cpu()));
    out.write(cpuacct, "cpuacct.stat", CgroupV1Files.cpuacctStat(s.cpu()));
    out.write(root.resolve("cpu").resolve(path), "cpu.stat", CgroupV1Files.cpuStat(s.cpu()));
    Path memory = root.resolve("memory").resolve(path);
    out.write(memory, "memory.usage_in_bytes", CgroupV1Files.memoryUsage(s.memory()));
    out.write(memory, "memory.stat", CgroupV1Files.memoryStat(local, s.memory(), hierarchicalLimit));
    out.write(memory, "memory.failcnt", CgroupV1Files.memoryFailcnt(s.memory()));
    out.write(memory, "memory.max_usage_in_bytes", CgroupV1Files.memoryMaxUsage(s.memory()));
    out.write(root.resolve("pids").resolve(path), "pids.current", CgroupV1Files.pidsCurrent(s.threads()));
    Path blkio = root.resolve("blkio").resolve(path);
    out.write(blkio, "blkio.throttle.io_service_bytes", CgroupV1Files.ioServiceBytes(s.io()));
    out.write(blkio, "blkio.throttle.io_serviced", CgroupV1Files.ioServiced(s.io()));
  }

  private void deleteCgroup(String path) {
    if (version == CgroupVersion.V2) {
      deleteTree(root.resolve(path));
    } else {
      for (String h : V1_HIERARCHIES) {
        deleteTree(root.resolve(h).resolve(path));
      }
    }
  }

  /** Writes a file whose old length is unknown. */
  private void write(Path dir, String name, String content) {
    write(dir, name, content, null);
  }

  /**
   * Replaces a file's text. In place, the old text is overwritten and the file cut only when the new text is
   * shorter (or the old length is unknown): truncating and re-creating files is what costs on disk file
   * systems. Atomically, a temporary file is renamed over the target.
   */
  private void write(Path dir, String name, String content, String previous) {
    Path target = dir.resolve(name);
    byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
    try {
      if (writeMode == WriteMode.ATOMIC) {
        Path temp = dir.resolve("." + name + ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return;
      }
      try (RandomAccessFile file = new RandomAccessFile(target.toFile(), "rw")) {
        file.write(bytes);
        if (previous == null || bytes.length < previous.length()) {
          file.setLength(bytes.length);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /** Creates a directory (and missing parents); true if it did not exist before. */
  private static boolean mkdir(Path dir) {
    try {
      Files.createDirectory(dir);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (NoSuchFileException e) {
      mkdirs(dir.getParent());
      return mkdir(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
