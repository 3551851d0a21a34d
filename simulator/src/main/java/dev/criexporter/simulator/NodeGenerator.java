package dev.criexporter.simulator;

import dev.criexporter.simulator.Catalog.AppTemplate;
import dev.criexporter.simulator.Catalog.ContainerTemplate;
import dev.criexporter.simulator.Catalog.Controller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Draws pods, containers, ids and workload profiles from one seeded random stream. Not thread-safe: the
 * node calls it under its lock.
 */
final class NodeGenerator {

  /** The characters Kubernetes uses for generated name suffixes (no vowels, no look-alikes). */
  private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final long MIB = 1L << 20;
  private static final HexFormat HEX = HexFormat.of();

  private final SplittableRandom random;
  private final Map<String, String> templateHashes = new HashMap<>();
  private final Set<String> placedDaemonSets = new HashSet<>();
  private final Set<String> usedNames = new HashSet<>();
  private final Map<String, ImageRef> images = new HashMap<>();
  private long nextPid;

  NodeGenerator(long seed) {
    this.random = new SplittableRandom(seed);
    this.nextPid = 1_000 + random.nextInt(5_000);
  }

  /** A pod and its containers, freshly drawn. */
  record Draft(SimPod pod, List<SimContainer> containers) {
  }

  /**
   * Draws the next pod. Each DaemonSet gets one pod per node, placed first; the rest are drawn by weight.
   *
   * @param containerCount how many containers, or 0 for the application's own number
   * @param now            the node's current instant
   * @param fresh          created at {@code now} (churn) rather than some time in the past (initial state)
   */
  Draft nextPod(int containerCount, Instant now, boolean fresh) {
    return pod(nextApp(), containerCount, now, fresh);
  }

  /** Draws a new pod of the same application as {@code old}, as its controller would replace it. */
  Draft replacement(SimPod old, int containerCount, Instant now) {
    for (AppTemplate app : Catalog.APPS) {
      if (app.name().equals(old.app()) && app.namespace().equals(old.namespace())) {
        return pod(app, containerCount, now, true);
      }
    }
    throw new IllegalArgumentException("pod " + old.name() + " belongs to no known application");
  }

  /** The same container after a restart: new id and PID, attempt + 1, counters from zero. */
  SimContainer restarted(SimContainer old, Instant now) {
    return new SimContainer(hex64(), old.podUid(), old.sandboxId(), old.name(), old.attempt() + 1, old.image(),
        now, now, pid(old.profile().processes()), old.profile(), random.nextLong());
  }

  /** Forgets a removed pod's name so that a StatefulSet may reuse it. */
  void release(SimPod pod) {
    usedNames.remove(pod.namespace() + "/" + pod.name());
    placedDaemonSets.remove(pod.namespace() + "/" + pod.app());
  }

  String hex64() {
    StringBuilder sb = new StringBuilder(64);
    for (int i = 0; i < 4; i++) {
      sb.append(HEX.toHexDigits(random.nextLong()));
    }
    return sb.toString();
  }

  private AppTemplate nextApp() {
    for (AppTemplate app : Catalog.APPS) {
      if (app.controller() == Controller.DAEMON_SET
          && placedDaemonSets.add(app.namespace() + "/" + app.name())) {
        return app;
      }
    }
    int total = 0;
    for (AppTemplate app : Catalog.APPS) {
      total += app.controller() == Controller.DAEMON_SET ? 0 : app.weight();
    }
    int pick = random.nextInt(total);
    for (AppTemplate app : Catalog.APPS) {
      if (app.controller() == Controller.DAEMON_SET) {
        continue;
      }
      pick -= app.weight();
      if (pick < 0) {
        return app;
      }
    }
    throw new IllegalStateException("weights exhausted");
  }

  private Draft pod(AppTemplate app, int containerCount, Instant now, boolean fresh) {
    String hash = templateHashes.computeIfAbsent(app.namespace() + "/" + app.name(), k -> suffix(10));
    String name = podName(app, hash);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", app.name());
    switch (app.controller()) {
      case DEPLOYMENT -> labels.put("pod-template-hash", hash);
      case STATEFUL_SET -> {
        labels.put("controller-revision-hash", app.name() + "-" + hash);
        labels.put("statefulset.kubernetes.io/pod-name", name);
      }
      case DAEMON_SET -> {
        labels.put("controller-revision-hash", hash);
        labels.put("pod-template-generation", "1");
      }
    }
    Instant sandboxCreated = fresh ? now : now.minus(age(app));
    SimPod pod = new SimPod(uuid(), name, app.namespace(), app.name(), app.qos(), hex64(), pid(1),
        sandboxCreated, app.hostNetwork(), labels, random.nextLong());

    List<SimContainer> containers = new ArrayList<>();
    for (ContainerTemplate template : templates(app, containerCount)) {
      containers.add(container(pod, template, now, fresh));
    }
    return new Draft(pod, List.copyOf(containers));
  }

  private String podName(AppTemplate app, String hash) {
    String prefix = app.namespace() + "/";
    if (app.controller() == Controller.STATEFUL_SET) {
      // A StatefulSet names its pods by ordinal and reuses the lowest free one.
      for (int ordinal = 0; ; ordinal++) {
        String name = app.name() + "-" + ordinal;
        if (usedNames.add(prefix + name)) {
          return name;
        }
      }
    }
    while (true) {
      String name = app.controller() == Controller.DEPLOYMENT
          ? app.name() + "-" + hash + "-" + suffix(5)
          : app.name() + "-" + suffix(5);
      if (usedNames.add(prefix + name)) {
        return name;
      }
    }
  }

  private List<ContainerTemplate> templates(AppTemplate app, int count) {
    if (count <= 0) {
      return app.containers();
    }
    int own = Math.min(count, app.containers().size());
    List<ContainerTemplate> out = new ArrayList<>(app.containers().subList(0, own));
    Set<String> names = new HashSet<>();
    out.forEach(t -> names.add(t.name()));
    for (ContainerTemplate sidecar : Catalog.SIDECARS) {
      if (out.size() >= count) {
        break;
      }
      if (names.add(sidecar.name())) {
        out.add(sidecar);
      }
    }
    for (int i = 1; out.size() < count; i++) {
      ContainerTemplate extra = Catalog.EXTRA_SIDECAR;
      if (names.add(extra.name() + "-" + i)) {
        out.add(new ContainerTemplate(extra.name() + "-" + i, extra.workload(), extra.image()));
      }
    }
    return out;
  }

  private SimContainer container(SimPod pod, ContainerTemplate template, Instant now, boolean fresh) {
    WorkloadProfile profile = profile(template.workload(), pod.qos());
    Instant created;
    Instant started;
    int attempt = 0;
    if (fresh) {
      created = now;
      started = now;
    } else {
      created = pod.createdAt().plusMillis(1_000 + random.nextInt(7_000));
      started = created.plusMillis(50 + random.nextInt(550));
      if (random.nextDouble() < 0.08) {
        attempt = 1 + random.nextInt(4);
        long lifeMillis = Math.max(1, Duration.between(started, now).toMillis());
        started = started.plusMillis((long) (lifeMillis * random.nextDouble()));
        created = started.minusMillis(100);
      }
    }
    return new SimContainer(hex64(), pod.uid(), pod.sandboxId(), template.name(), attempt,
        image(template.image()), created, started, pid(profile.processes()), profile, random.nextLong());
  }

  private WorkloadProfile profile(Catalog.WorkloadClass w, QosClass qos) {
    double cpu = logUniform(w.cpuMin, w.cpuMax);
    long anon = pages(logUniform(w.anonMin, w.anonMax) * MIB);
    long cache = pages(logUniform(w.cacheMin, w.cacheMax) * MIB);
    long shmem = pages(logUniform(w.shmemMin, w.shmemMax) * MIB);
    int processes = w.procMin + random.nextInt(w.procMax - w.procMin + 1);
    int threads = Math.max(processes, w.threadMin + random.nextInt(w.threadMax - w.threadMin + 1));
    double read = logUniform(w.readMin, w.readMax);
    double write = logUniform(w.writeMin, w.writeMax);
    double readOps = read / (16_384 + random.nextInt(49_152));
    double writeOps = write / (4_096 + random.nextInt(28_672));
    double faults = logUniform(w.faultMin, w.faultMax);
    long layer = pages(logUniform(w.layerMin, w.layerMax) * MIB);

    double kernelEstimate = threads * 17_408.0 + anon * 0.01 + cache * 0.02 + 200_000;
    double peakEstimate = anon * 1.05 + cache * 1.1 + shmem + kernelEstimate;
    CgroupLimits limits = switch (qos) {
      case BEST_EFFORT -> CgroupLimits.unlimited(CgroupLimits.MIN_CPU_SHARES);
      case GUARANTEED -> {
        long millis = roundUp(Math.max(cpu * (1.6 + random.nextDouble()), 0.05) * 1_000, 50);
        long memory = roundUp(peakEstimate * (1.6 + random.nextDouble()), MIB);
        yield new CgroupLimits(shares(millis), OptionalLong.of(millis * 100),
            CgroupLimits.DEFAULT_CPU_PERIOD_MICROS, OptionalLong.of(memory), OptionalLong.empty());
      }
      case BURSTABLE -> {
        long requestMillis = Math.max(10, Math.round(cpu * (0.6 + 0.9 * random.nextDouble()) * 1_000));
        OptionalLong quota = OptionalLong.empty();
        if (random.nextDouble() < 0.4) {
          quota = OptionalLong.of(roundUp(cpu * (1.4 + 1.6 * random.nextDouble()) * 1_000, 50) * 100);
        }
        OptionalLong memory = OptionalLong.empty();
        double draw = random.nextDouble();
        if (draw < 0.05) {
          // Tight: page cache has to give way at the crest of the working set.
          double floor = (anon * 1.05 + shmem + kernelEstimate) * 1.05;
          memory = OptionalLong.of(roundUp(floor + cache * 0.6, MIB));
        } else if (draw < 0.6) {
          memory = OptionalLong.of(roundUp(peakEstimate * (1.4 + 1.6 * random.nextDouble()), MIB));
        }
        yield new CgroupLimits(shares(requestMillis), quota, CgroupLimits.DEFAULT_CPU_PERIOD_MICROS, memory,
            OptionalLong.empty());
      }
    };
    return new WorkloadProfile(cpu, anon, cache, shmem, processes, threads, read, write, readOps, writeOps,
        faults, layer, limits);
  }

  private Duration age(AppTemplate app) {
    if (app.controller() == Controller.DAEMON_SET) {
      return Duration.ofSeconds(20 * 86_400 + random.nextInt(40 * 86_400));
    }
    double days = Math.min(90, -StrictMath.log(1 - random.nextDouble()) * 7);
    return Duration.ofSeconds(60 + (long) (days * 86_400));
  }

  private ImageRef image(String name) {
    return images.computeIfAbsent(name, n -> {
      int colon = n.lastIndexOf(':');
      String repository = colon > n.lastIndexOf('/') ? n.substring(0, colon) : n;
      return new ImageRef(n, repository + "@sha256:" + sha256(n + "#manifest"),
          "sha256:" + sha256(n + "#config"));
    });
  }

  private long pid(int processes) {
    long pid = nextPid;
    nextPid += processes + 1 + random.nextInt(40);
    return pid;
  }

  private String uuid() {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  private String suffix(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
    }
    return sb.toString();
  }

  private double logUniform(double min, double max) {
    if (max <= 0) {
      return 0;
    }
    if (min <= 0) {
      return max * random.nextDouble();
    }
    return min * StrictMath.pow(max / min, random.nextDouble());
  }

  private static long shares(long millis) {
    return Math.max(CgroupLimits.MIN_CPU_SHARES, millis * 1_024 / 1_000);
  }

  private static long roundUp(double value, long unit) {
    return ((long) Math.ceil(value / unit)) * unit;
  }

  private static long pages(double bytes) {
    return ((long) bytes / MemoryStats.PAGE_SIZE) * MemoryStats.PAGE_SIZE;
  }

  private static String sha256(String text) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
