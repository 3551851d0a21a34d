package dev.criexporter.bench.node;

import com.google.gson.GsonBuilder;
import dev.criexporter.bench.SimHosts;
import dev.criexporter.simulator.SimContainer;
import dev.criexporter.simulator.SimulatedNode;
import dev.criexporter.simulator.cri.CriMethod;
import dev.criexporter.simulator.cri.FakeHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node bench: for each container count, a simulated host (fake containerd on a Unix socket, a
 * cgroup v2 tree on tmpfs, ticking) and the exporter as a separate JVM with the image's flags.
 * Measures poll CPU and wall, the C floor, scrape latency under 1 and 10 gzip scrapers (and nginx
 * serving the same body), exposition size in both label modes, memory after warm-up, under load
 * and after accelerated churn, and CRI calls per poll. Then, if a real containerd can be started,
 * the exporter beside containerd's own /v1/metrics. Writes JSON to {@code --out}.
 *
 * <p>Run it with {@code scripts/bench.sh}.
 */
public final class NodeBench {

  /** The exporter's default --poll.interval, at which the serving process runs. */
  static final long DEFAULT_POLL_INTERVAL_MS = 10_000;

  private final BenchOptions options;
  private final Http http = new Http();
  private final Path work;
  private final Floor floor;
  private final Wrk wrk;
  private final List<String> notes = new ArrayList<>();
  /** JVM flags per container count, once the image's own failed there. */
  private final Map<Integer, List<String>> jvmFlags = new TreeMap<>();
  private int currentSize;
  private ExporterProcess current;
  private final Path logs;

  NodeBench(BenchOptions options) {
    this.options = options;
    this.work = SimHosts.scratchDir("cri-exporter-bench-");
    try {
      this.logs = Files.createTempDirectory("cri-exporter-bench-logs-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.floor = Floor.available() ? Floor.compile(work) : null;
    this.wrk = Wrk.available() ? Wrk.prepare(work) : null;
    if (floor == null) {
      notes.add("gcc not found: no C floor measured");
    }
    if (wrk == null) {
      notes.add("wrk not found: no scrape latency under load measured");
    }
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    Map<String, Object> results = new NodeBench(options).run();
    Path written = write(results, options.out());
    System.out.println();
    System.out.println(Report.markdown(results));
    System.out.println("results: " + written);
  }

  /** Runs every point and returns the results document. */
  Map<String, Object> run() {
    long t0 = System.nanoTime();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("date", Instant.now().toString());
    doc.put("machine", Machine.describe());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("exporter_jvm_flags", ExporterProcess.IMAGE_JVM_FLAGS);
    settings.put("exporter_env", Map.of("MALLOC_ARENA_MAX", "2"));
    settings.put("exporter_launch", options.exporterLaunch().get(0).equals("-jar")
        ? String.join(" ", options.exporterLaunch()) : "-cp <benchmarks class path> Main");
    settings.put("simulated_host", "FakeHost, containerd personality, cgroup v2 (systemd layout),"
        + " seed 42, tree on " + work.getParent() + ", atomic file replacement");
    settings.put("source_revision", Tools.firstLine(List.of("git", "rev-parse", "--short", "HEAD"))
        + (Tools.firstLine(List.of("git", "status", "--porcelain", "--untracked-files=no"))
            .isEmpty() ? "" : " with uncommitted changes"));
    settings.put("sizes", options.sizes());
    settings.put("scrape_seconds", options.scrapeSeconds());
    settings.put("large_scrape_seconds", options.largeScrapeSeconds());
    settings.put("quick", options.quick());
    settings.put("exporter_logs", logs.toString());
    doc.put("settings", settings);
    List<Map<String, Object>> points = new ArrayList<>();
    doc.put("points", points);
    try {
      for (int n : options.sizes()) {
        log("=== N = %d ===", n);
        points.add(point(n));
      }
      if (floor != null && !options.quick()) {
        log("=== the floor on this host's real cgroups ===");
        doc.put("real_cgroup_floor", RealCgroupFloor.run(floor, 1_000, options.floorPasses(),
            work));
      }
      if (options.containerd()) {
        log("=== real containerd side by side ===");
        doc.put("containerd", ContainerdSideBySide.run(options, http, logs));
      }
    } finally {
      SimHosts.deleteTree(work);
      if (options.quick()) {
        SimHosts.deleteTree(logs);
      }
    }
    doc.put("targets", Report.targets(doc));
    doc.put("notes", notes);
    doc.put("bench_seconds", (System.nanoTime() - t0) / 1_000_000_000L);
    return doc;
  }

  // ---- one container count -----------------------------------------------------------------

  private Map<String, Object> point(int n) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("containers", n);
    currentSize = n;
    Path root = work.resolve("n" + n);
    long t0 = System.nanoTime();
    FakeHost host = SimHosts.start(root, n);
    p.put("host_tree_write_ms", (System.nanoTime() - t0) / 1_000_000);
    p.put("host_tick_seconds", options.tickFor(n).toSeconds());
    retick(host, n);
    try {
      p.put("poll", phase("poll", () -> pollPhase(host, n)));
      p.put("churn", phase("churn", () -> churnPhase(host, n)));
      p.put("serve", phase("serve", () -> servePhase(host, n)));
      p.put("lean", phase("lean", () -> leanPhase(host, n)));
      p.put("exporter_jvm_flags", jvmFlags.getOrDefault(n, ExporterProcess.IMAGE_JVM_FLAGS));
      log("in-process stages");
      p.put("in_process", phase("in-process", () -> Stages.toMap(Stages.measure(host,
          options.quick() ? 1 : 3, options.quick() ? 2 : n >= 5_000 ? 5 : options.stageReps()))));
    } finally {
      host.close();
      SimHosts.deleteTree(root);
    }
    return p;
  }

  private List<String> exporterArgs(FakeHost host, Duration interval, String labelMode) {
    List<String> a = new ArrayList<>(List.of(
        "--cri.endpoint=" + SimHosts.endpoint(host),
        "--path.hostroot=" + host.root(),
        "--path.cgroup-mode=unified",
        "--labels.mode=" + labelMode,
        "--log.level=warn"));
    if (interval != null) {
      a.add("--poll.interval=" + interval.toMillis() + "ms");
    }
    return a;
  }

  /** Starts the exporter with the JVM flags in force at this size and waits for its first poll. */
  private ExporterProcess startExporter(FakeHost host, Duration interval, String labelMode,
      String name) {
    List<String> flags = jvmFlags.getOrDefault(currentSize, ExporterProcess.IMAGE_JVM_FLAGS);
    ExporterProcess e = ExporterProcess.start(flags, options.exporterLaunch(),
        exporterArgs(host, interval, labelMode), logs.resolve(name + ".log"));
    current = e;
    try {
      e.awaitReady(http, Duration.ofMinutes(5));
      return e;
    } catch (RuntimeException notReady) {
      e.close();
      throw notReady;
    }
  }

  /** Memory limits tried in turn when the exporter runs out of heap at a size. */
  private static final List<String> MAX_RAM_STEPS = List.of("512m", "1g");

  /**
   * Runs one phase. If the exporter died of an OutOfMemoryError under the flags in force, says
   * so, raises its memory limit for the rest of this size (200 MiB, then 512 MiB, then 1 GiB, the
   * heap being half of it) and runs the phase again; any other failure is recorded and the bench
   * goes on.
   */
  private Object phase(String name, java.util.function.Supplier<Object> body) {
    while (true) {
      try {
        return body.get();
      } catch (RuntimeException e) {
        ExporterProcess dead = current;
        boolean oom = dead != null && !dead.isAlive() && dead.tail().contains("OutOfMemoryError");
        List<String> flags = jvmFlags.getOrDefault(currentSize, ExporterProcess.IMAGE_JVM_FLAGS);
        int step = flags == ExporterProcess.IMAGE_JVM_FLAGS ? 0
            : MAX_RAM_STEPS.indexOf(flags.stream().filter(f -> f.startsWith("-XX:MaxRAM="))
                .findFirst().orElse("").substring(11)) + 1;
        if (oom && step < MAX_RAM_STEPS.size()) {
          String from = step == 0 ? "200m" : MAX_RAM_STEPS.get(step - 1);
          String to = MAX_RAM_STEPS.get(step);
          notes.add("N=" + currentSize + ", " + name + " phase: the exporter died of"
              + " OutOfMemoryError with -XX:MaxRAM=" + from + " (heap = half of it); this size"
              + " was measured from here on with -XX:MaxRAM=" + to);
          log("exporter died of OutOfMemoryError at MaxRAM=%s; again with MaxRAM=%s", from, to);
          jvmFlags.put(currentSize, ExporterProcess.withMaxRam(to));
          continue;
        }
        String msg = e.toString() + (dead != null && !dead.isAlive() ? "; exporter log: "
            + dead.tail() : "");
        log("%s phase failed: %s", name, msg);
        notes.add("N=" + currentSize + ", " + name + " phase failed: " + msg);
        return Map.of("failed", msg);
      }
    }
  }

  /** (Re)starts the host's ticker at this size's period. */
  private void retick(FakeHost host, int n) {
    host.stopTicking();
    host.startTicking(options.tickFor(n));
  }

  /** Poll CPU and wall at a short interval, which files it opens, and the C floor. */
  private Map<String, Object> pollPhase(FakeHost host, int n) {
    Duration interval = options.pollIntervalFor(n);
    long periodMs = interval.toMillis();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("poll_interval_ms", periodMs);
    log("poll phase: exporter polling every %d ms", periodMs);
    try (ExporterProcess e = startExporter(host, interval, "cadvisor", "poll-" + n)) {
      ExporterProcess.sleep(options.warmupSeconds() * 1000L);

      // Which files it opens per container and poll (the tree must hold still meanwhile).
      Map<String, Long> opensPerPoll = null;
      if (floor != null) {
        host.stopTicking();
        SimContainer first = host.node().containers().get(0);
        Path dir = host.cgroupRoot().resolve(host.cgroups().relativePath(first.id()));
        int watchPolls = 3;
        PollClock before = PollClock.of(http.scrape(e.metricsUrl()));
        sleepUntil(before.nextPhase(System.currentTimeMillis(), periodMs, 0.9));
        before = PollClock.of(http.scrape(e.metricsUrl()));
        int seconds = (int) Math.max(1, (watchPolls * periodMs + 999) / 1000);
        Map<String, Long> opens;
        try (Floor.Watch w = floor.watch(dir, seconds)) {
          opens = w.opens();
        }
        PollClock after = PollClock.of(http.scrape(e.metricsUrl()));
        double polls = after.polls() - before.polls();
        opensPerPoll = new TreeMap<>();
        for (var entry : opens.entrySet()) {
          opensPerPoll.put(entry.getKey(), Math.round(entry.getValue() / Math.max(1, polls)));
        }
        r.put("files_opened_per_container_and_poll", opensPerPoll);
        r.put("files_watch_polls", polls);
        retick(host, n);
      }

      // Poll by poll: a scrape just before each next poll gives each poll's own wall time.
      int wallPolls = options.wallPollsFor(n);
      Exposition first = http.scrape(e.metricsUrl());
      PollClock prev = PollClock.of(first);
      long cpu0 = ProcStats.processCpuNanos(e.pid());
      var threads0 = ProcStats.threads(e.pid());
      double load0 = ProcStats.loadAverage();
      List<Double> walls = new ArrayList<>();
      for (int i = 0; i < wallPolls; i++) {
        sleepUntil(prev.nextPhase(System.currentTimeMillis(), periodMs, 0.9));
        PollClock cur = PollClock.of(http.scrape(e.metricsUrl()));
        if (cur.polls() == prev.polls() + 1) {
          walls.add((cur.wallSeconds() - prev.wallSeconds()) * 1000);
        }
        prev = cur;
      }
      long cpu1 = ProcStats.processCpuNanos(e.pid());
      var threads1 = ProcStats.threads(e.pid());
      PollClock firstClock = PollClock.of(first);
      double polls = prev.polls() - firstClock.polls();
      Map<String, Long> byCategory = ProcStats.cpuByCategory(threads0, threads1);
      Map<String, Object> cpu = new LinkedHashMap<>();
      cpu.put("polls", polls);
      cpu.put("process_cpu_ms_per_poll", round((cpu1 - cpu0) / 1e6 / polls));
      cpu.put("process_cpu_ms_per_poll_excluding_jit", round((cpu1 - cpu0
          - byCategory.getOrDefault("jit", 0L)) / 1e6 / polls));
      Map<String, Object> perThread = new TreeMap<>();
      byCategory.forEach((k, v) -> perThread.put(k, round(v / 1e6 / polls)));
      cpu.put("cpu_ms_per_poll_by_thread", perThread);
      Map<String, Object> byName = new LinkedHashMap<>();
      ProcStats.cpuByName(threads0, threads1).entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
          .forEach(x -> byName.put(x.getKey(), round(x.getValue() / 1e6 / polls)));
      cpu.put("cpu_ms_per_poll_top_threads", byName);
      cpu.put("note", "one gzip scrape per poll is included (category http), as with one"
          + " Prometheus scraping at the poll interval");
      cpu.put("load_average_1m", List.of(load0, ProcStats.loadAverage()));
      r.put("cpu", cpu);
      Map<String, Object> wall = new LinkedHashMap<>();
      wall.put("samples", walls.size());
      wall.put("median_ms", round(percentile(walls, 0.5)));
      wall.put("p99_ms", round(percentile(walls, 0.99)));
      wall.put("max_ms", round(percentile(walls, 1.0)));
      wall.put("mean_ms", round((prev.wallSeconds() - firstClock.wallSeconds()) * 1000 / polls));
      wall.put("histogram_p50_le_ms", histogramQuantile(firstClock.exposition(),
          prev.exposition(), 0.5));
      wall.put("histogram_p99_le_ms", histogramQuantile(firstClock.exposition(),
          prev.exposition(), 0.99));
      r.put("wall", wall);
      Exposition last = prev.exposition();
      r.put("runtime_up", last.value("cri_runtime_up"));
      r.put("runtime_containers", last.value("cri_runtime_containers"));
      r.put("poll_errors_in_window", errors(firstClock.exposition(), last));
      r.put("memory_after_warmup", memory(e, last));

      if (floor != null && opensPerPoll != null) {
        r.put("floor", floorPhase(host, n, opensPerPoll));
      }
    }
    return r;
  }

  private Map<String, Object> floorPhase(FakeHost host, int n, Map<String, Long> opensPerPoll) {
    List<String> dirs = new ArrayList<>();
    for (SimContainer c : host.node().containers()) {
      dirs.add(host.cgroups().relativePath(c.id()));
    }
    List<String> unique = new ArrayList<>();
    List<String> pattern = new ArrayList<>();
    opensPerPoll.forEach((file, times) -> {
      if (times > 0) {
        unique.add(file);
        for (int i = 0; i < times; i++) {
          pattern.add(file);
        }
      }
    });
    int passes = options.quick() ? 3 : n >= 5_000 ? 6 : options.floorPasses() + 1;
    log("floor: %d containers x %d files (%d opens with the exporter's repeats), %d passes",
        dirs.size(), unique.size(), pattern.size(), passes);
    Floor.Result once = floor.read(host.cgroupRoot(), dirs, unique, passes, work);
    Floor.Result same = floor.read(host.cgroupRoot(), dirs, pattern, passes, work);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("files_each_once", floorMap(once));
    f.put("files_as_the_exporter_opens_them", floorMap(same));
    return f;
  }

  private static Map<String, Object> floorMap(Floor.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("containers", r.containers());
    m.put("files_per_container", r.files().size());
    m.put("opens_per_pass", r.filesPerPass());
    m.put("bytes_per_pass", r.bytesPerPass());
    m.put("passes", r.passes());
    m.put("cpu_ms_median", round(r.cpuNanosMedian() / 1e6));
    m.put("user_ms_median", round(r.userMicrosMedian() / 1e3));
    m.put("sys_ms_median", round(r.sysMicrosMedian() / 1e3));
    m.put("wall_ms_median", round(r.wallNanosMedian() / 1e6));
    return m;
  }

  /** Memory after warm-up, then after thousands of containers came and went, at 200 ms polls. */
  private Map<String, Object> churnPhase(FakeHost host, int n) {
    Map<String, Object> r = new LinkedHashMap<>();
    Duration interval = n <= 500 ? Duration.ofMillis(200) : options.pollIntervalFor(n);
    log("churn phase: exporter polling every %d ms", interval.toMillis());
    try (ExporterProcess e = startExporter(host, interval, "cadvisor", "churn-" + n)) {
      ExporterProcess.sleep(options.warmupSeconds() * 1000L);
      Exposition before = http.scrape(e.metricsUrl());
      r.put("poll_interval_ms", interval.toMillis());
      r.put("before", memory(e, before));
      r.put("before_live", liveHeap(e));
      host.stopTicking();
      SimulatedNode node = host.node();
      int restarts = Math.max(10, n / 20);
      int replacements = Math.max(5, n / 40);
      long target = Math.max(3_000, n);
      long created = 0;
      long removed = 0;
      int steps = 0;
      double polls0 = PollClock.of(before).polls();
      long end = System.nanoTime() + options.churnSeconds() * 1_000_000_000L;
      while (System.nanoTime() < end && (created < target || options.quick())) {
        Set<String> ids = ids(node);
        node.churn(restarts, replacements);
        host.refresh();
        Set<String> now = ids(node);
        for (String id : now) {
          if (!ids.contains(id)) {
            created++;
          }
        }
        for (String id : ids) {
          if (!now.contains(id)) {
            removed++;
          }
        }
        steps++;
      }
      retick(host, n);
      Exposition churned = http.scrape(e.metricsUrl());
      r.put("churn_steps", steps);
      r.put("containers_created", created);
      r.put("containers_removed", removed);
      r.put("polls_during_churn", PollClock.of(churned).polls() - polls0);
      // Back at the baseline count: let a few polls pass so the caches follow.
      ExporterProcess.sleep(options.quick() ? 1_000 : 10_000);
      Exposition after = http.scrape(e.metricsUrl());
      r.put("containers_after", after.value("cri_runtime_containers"));
      r.put("after", memory(e, after));
      r.put("after_live", liveHeap(e));
      r.put("poll_errors_during_and_after_churn", errors(before, after));
    }
    return r;
  }

  /** Poll errors by reason between two scrapes (only reasons that occurred). */
  private static Map<String, Object> errors(Exposition from, Exposition to) {
    Map<String, Object> m = new TreeMap<>();
    for (Exposition.Sample s : to.samples()) {
      if (s.name().equals("cri_exporter_poll_errors_total")) {
        String reason = s.label("reason");
        double d = s.value() - from.sum("cri_exporter_poll_errors_total",
            x -> reason.equals(x.label("reason")));
        if (d > 0) {
          m.put(reason, d);
        }
      }
    }
    return m;
  }

  private static Set<String> ids(SimulatedNode node) {
    Set<String> s = new HashSet<>();
    for (SimContainer c : node.containers()) {
      s.add(c.id());
    }
    return s;
  }

  /** Scrape latency, CRI calls per poll and memory at the default 10 s interval; nginx beside. */
  private Map<String, Object> servePhase(FakeHost host, int n) {
    Map<String, Object> r = new LinkedHashMap<>();
    log("serve phase: exporter at the default interval");
    try (ExporterProcess e = startExporter(host, null, "cadvisor", "serve-" + n)) {
      Http.Response plain = http.get(e.metricsUrl(), false);
      Http.Response gz = http.get(e.metricsUrl(), true);
      r.put("exposition", bodyStats(plain.text(), plain.body().length, gz.body().length, n));
      if (wrk != null) {
        wrk.run(e.metricsUrl(), 2, options.quick() ? 1 : 3);
        Exposition idle = http.scrape(e.metricsUrl());
        r.put("memory_idle", memory(e, idle));
        int seconds = options.scrapeSecondsFor(n);
        List<Map<String, Object>> loads = new ArrayList<>();
        for (int c : new int[] {1, 10}) {
          log("load: %d gzip scraper(s), %d s", c, seconds);
          loads.add(load(host, e, c, seconds));
        }
        r.put("load", loads);
        if (options.nginx() && Nginx.available()) {
          byte[] body = http.get(e.metricsUrl(), true).body();
          try (Nginx nginx = Nginx.start(body, http)) {
            wrk.run(nginx.url(), 2, 1);
            List<Map<String, Object>> ng = new ArrayList<>();
            for (int c : new int[] {1, 10}) {
              log("nginx: %d connection(s), %d s", c, seconds);
              ng.add(wrkMap(wrk.run(nginx.url(), c, seconds)));
            }
            r.put("nginx", Map.of("version", Nginx.version(), "gzip_body_bytes", body.length,
                "load", ng));
          } catch (RuntimeException ex) {
            notes.add("N=" + n + ": nginx comparison failed: " + ex.getMessage());
          }
        } else if (options.nginx()) {
          notes.add("nginx not found: no nginx comparison (apt-get install -y nginx-light)");
        }
      }
    }
    return r;
  }

  /**
   * One load point. The CRI call window starts and ends between two polls (just before the next
   * poll is due), so that it holds whole polls only.
   */
  private Map<String, Object> load(FakeHost host, ExporterProcess e, int connections, int seconds) {
    long period = DEFAULT_POLL_INTERVAL_MS;
    if (!options.quick()) {
      PollClock aligned = PollClock.of(http.scrape(e.metricsUrl()));
      sleepUntil(aligned.nextPhase(System.currentTimeMillis(), period, 0.9));
    }
    Map<CriMethod, Long> calls0 = host.runtime().callCounts();
    PollClock c0 = PollClock.of(http.scrape(e.metricsUrl()));
    long cpu0 = ProcStats.processCpuNanos(e.pid());
    var threads0 = ProcStats.threads(e.pid());
    double load0 = ProcStats.loadAverage();
    AtomicBoolean sampling = new AtomicBoolean(true);
    AtomicLong peakRss = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        peakRss.accumulateAndGet(ProcStats.rssKib(e.pid()), Math::max);
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }, "rss-sampler");
    sampler.start();
    Wrk.Result w = wrk.run(e.metricsUrl(), connections, seconds);
    sampling.set(false);
    try {
      sampler.join();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
    long cpu1 = ProcStats.processCpuNanos(e.pid());
    var threads1 = ProcStats.threads(e.pid());
    long rssEnd = ProcStats.rssKib(e.pid());
    double load1 = ProcStats.loadAverage();
    Exposition after = http.scrape(e.metricsUrl());
    if (!options.quick()) {
      sleepUntil(PollClock.of(after).nextPhase(System.currentTimeMillis(), period, 0.9));
    }
    Map<CriMethod, Long> calls1 = host.runtime().callCounts();
    PollClock c1 = PollClock.of(http.scrape(e.metricsUrl()));
    double polls = c1.polls() - c0.polls();
    Map<String, Object> m = wrkMap(w);
    m.put("load_average_1m", List.of(load0, load1));
    m.put("polls_in_call_window", polls);
    Map<String, Object> total = new TreeMap<>();
    calls1.forEach((method, count) -> {
      long d = count - calls0.getOrDefault(method, 0L);
      if (d > 0) {
        total.put(method.rpcName(), d);
      }
    });
    m.put("cri_calls", total);
    // Every poll lists containers exactly once: calls of each method per ListContainers call.
    long lists = calls1.get(CriMethod.LIST_CONTAINERS) - calls0.get(CriMethod.LIST_CONTAINERS);
    Map<String, Object> perPoll = new TreeMap<>();
    total.forEach((method, d) -> perPoll.put(method, lists > 0
        ? round(((Number) d).doubleValue() / lists) : Double.NaN));
    m.put("cri_calls_per_poll", perPoll);
    m.put("process_cpu_ms", round((cpu1 - cpu0) / 1e6));
    m.put("http_thread_cpu_ms_per_request", round(ProcStats.cpuByCategory(threads0, threads1)
        .getOrDefault("http", 0L) / 1e6 / Math.max(1, w.requests())));
    m.put("rss_peak_mib", round(peakRss.get() / 1024.0));
    m.put("rss_end_mib", round(rssEnd / 1024.0));
    m.put("memory_end", memory(e, after));
    return m;
  }

  private static Map<String, Object> wrkMap(Wrk.Result w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("connections", w.connections());
    m.put("seconds", w.seconds());
    m.put("requests", w.requests());
    m.put("requests_per_second", w.requestsPerSecond());
    m.put("latency_ms", w.latencyMs());
    m.put("errors", w.errors());
    return m;
  }

  /** Bytes and series in --labels.mode=lean. */
  private Map<String, Object> leanPhase(FakeHost host, int n) {
    log("lean labels");
    try (ExporterProcess e = startExporter(host, Duration.ofHours(1), "lean", "lean-" + n)) {
      Http.Response plain = http.get(e.metricsUrl(), false);
      Http.Response gz = http.get(e.metricsUrl(), true);
      return bodyStats(plain.text(), plain.body().length, gz.body().length, n);
    }
  }

  /** Sizes and series of one exposition, in total and in the per-container families. */
  static Map<String, Object> bodyStats(String text, long plainBytes, long gzipBytes,
      int containers) {
    Exposition x = Exposition.parse(text);
    long series = x.samples().size();
    long containerSeries = x.count(NodeBench::containerFamily);
    long containerBytes = x.lineBytes(NodeBench::containerFamily);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("plain_bytes", plainBytes);
    m.put("gzip_bytes", gzipBytes);
    m.put("series", series);
    m.put("container_series", containerSeries);
    m.put("container_series_per_container", round((double) containerSeries / containers));
    m.put("bytes_per_series", round((double) plainBytes / series));
    m.put("bytes_per_container_series", round((double) containerBytes / containerSeries));
    m.put("gzip_bytes_per_series", round((double) gzipBytes / series));
    return m;
  }

  static boolean containerFamily(String name) {
    return name.startsWith("container_");
  }

  /** RSS from /proc and heap from the exporter's own JVM metrics. */
  private static Map<String, Object> memory(ExporterProcess e, Exposition x) {
    Map<String, Long> kib = ProcStats.memoryKib(e.pid());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rss_mib", round(kib.getOrDefault("VmRSS", 0L) / 1024.0));
    m.put("rss_anon_mib", round(kib.getOrDefault("RssAnon", 0L) / 1024.0));
    m.put("rss_file_mib", round(kib.getOrDefault("RssFile", 0L) / 1024.0));
    m.put("rss_high_water_mib", round(kib.getOrDefault("VmHWM", 0L) / 1024.0));
    m.put("heap_used_mib", round(x.sum("jvm_memory_used_bytes",
        s -> "heap".equals(s.label("area"))) / 1048576.0));
    m.put("heap_committed_mib", round(x.sum("jvm_memory_committed_bytes",
        s -> "heap".equals(s.label("area"))) / 1048576.0));
    m.put("heap_max_mib", round(x.sum("jvm_memory_max_bytes",
        s -> "heap".equals(s.label("area")) && s.value() > 0) / 1048576.0));
    m.put("nonheap_used_mib", round(x.sum("jvm_memory_used_bytes",
        s -> "nonheap".equals(s.label("area"))) / 1048576.0));
    m.put("direct_buffers_mib", round(x.sum("jvm_buffer_memory_used_bytes",
        s -> "direct".equals(s.label("id"))) / 1048576.0));
    return m;
  }

  /**
   * The live heap after a full GC ({@code jcmd GC.class_histogram}, which collects first): its
   * total, and the exporter's own classes by instance count, to tell a leak from garbage. Empty
   * without jcmd.
   */
  private static Map<String, Object> liveHeap(ExporterProcess e) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Map<String, Object> m = new LinkedHashMap<>();
    if (!Files.isExecutable(jcmd)) {
      return m;
    }
    try {
      String out = Tools.run(List.of(jcmd.toString(), Long.toString(e.pid()),
          "GC.class_histogram"), 120);
      Map<String, Long> ours = new TreeMap<>();
      long oursBytes = 0;
      for (String line : out.split("\n")) {
        String[] f = line.strip().split("\\s+");
        if (f.length >= 3 && f[0].equals("Total")) {
          m.put("live_heap_mib", round(Long.parseLong(f[2]) / 1048576.0));
        } else if (f.length >= 4 && f[3].startsWith("dev.criexporter.")) {
          ours.put(f[3].substring("dev.criexporter.".length()), Long.parseLong(f[1]));
          oursBytes += Long.parseLong(f[2]);
        }
      }
      m.put("exporter_classes_mib", round(oursBytes / 1048576.0));
      Map<String, Long> top = new LinkedHashMap<>();
      ours.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(8).forEach(x -> top.put(x.getKey(), x.getValue()));
      m.put("exporter_instances_top", top);
    } catch (RuntimeException ex) {
      m.put("error", ex.getMessage());
    }
    return m;
  }

  /** Upper bound (le) of the bucket holding quantile q of the polls between two scrapes. */
  static double histogramQuantile(Exposition from, Exposition to, double q) {
    Map<Double, Double> b0 = from.buckets("cri_exporter_poll_duration_seconds");
    Map<Double, Double> b1 = to.buckets("cri_exporter_poll_duration_seconds");
    double total = b1.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
        - b0.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    if (total <= 0) {
      return Double.NaN;
    }
    for (var e : new TreeMap<>(b1).entrySet()) {
      double d = e.getValue() - b0.getOrDefault(e.getKey(), 0.0);
      if (d >= q * total) {
        return e.getKey() * 1000;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  static double percentile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    int i = (int) Math.ceil(q * v.size()) - 1;
    return v.get(Math.max(0, Math.min(v.size() - 1, i)));
  }

  static double round(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    return Math.round(v * 1000) / 1000.0;
  }

  private static void sleepUntil(long epochMillis) {
    long d = epochMillis - System.currentTimeMillis();
    if (d > 0) {
      ExporterProcess.sleep(d);
    }
  }

  static void log(String format, Object... args) {
    System.out.printf("[%s] %s%n", java.time.LocalTime.now().withNano(0),
        String.format(format, args));
    System.out.flush();
  }

  /** Writes results/<date>.json and results/latest.json. */
  static Path write(Map<String, Object> results, Path dir) {
    try {
      Files.createDirectories(dir);
      String json = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
          .create().toJson(results);
      Path dated = dir.resolve(LocalDate.now(ZoneOffset.UTC) + ".json");
      Files.writeString(dated, json + "\n");
      Files.writeString(dir.resolve("latest.json"), json + "\n");
      return dated;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
