package dev.criexporter.testsupport.tryit;

import dev.criexporter.testsupport.containerd.PodSpec;
import dev.criexporter.testsupport.containerd.PrivateContainerd;
import dev.criexporter.testsupport.containerd.RunningPod;
import dev.criexporter.testsupport.containerd.TestPods;
import dev.criexporter.testsupport.prometheus.PrometheusServer;
import dev.criexporter.testsupport.prometheus.RuleGroup;
import dev.criexporter.testsupport.prometheus.ScrapeJob;
import dev.criexporter.testsupport.prometheus.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One try-it run: brings up containerd, the demo pods, the exporter and Prometheus step by step,
 * and takes all of it down again in {@link #close()}, which the JVM's shutdown hook also runs
 * on Ctrl-C or SIGTERM.
 *
 * <p>Everything is created while holding this object's lock and only if the run is not closing,
 * so a signal arriving in the middle of a step cannot leave a process behind: the cleanup waits
 * for the step to finish and then stops what it started.
 */
final class Session implements AutoCloseable {

  static final String JOB = "cri-exporter";
  private static final int STEPS = 6;
  private static final Duration EXPORTER_READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration PROMETHEUS_READY_TIMEOUT = Duration.ofSeconds(60);

  private final TryItOptions options;
  private final PrintStream out;
  private final Path stateFile;

  private StepReporter steps;
  private TryItState state;
  private boolean closed;
  private boolean ownsStateDir;
  private PrivateContainerd containerd;
  private Restarter restarter;
  private ExporterChild exporter;
  private PrometheusServer prometheus;
  private int exporterPort;
  private int prometheusPort;

  Session(TryItOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.stateFile = options.stateDir().resolve(TryItState.FILE_NAME);
  }

  /**
   * Brings everything up and prints where to look.
   *
   * @throws StepFailure if a step fails (it has been reported; call {@link #close()} to clean up)
   */
  void up() {
    steps = new StepReporter(out, STEPS);
    Path stateDir = options.stateDir();
    steps.run("checking prerequisites", "", this::checkPrerequisites);
    steps.run("starting a private containerd in " + stateDir.resolve("containerd"),
        "scripts/try-it.sh installs containerd, runc and busybox-static; containerd's log lines above say"
            + " why it did not start", this::startContainerd);
    steps.run("starting the demo pods (namespace " + DemoPods.NAMESPACE + ")",
        "see containerd's log, " + stateDir.resolve("containerd/containerd.log"), this::startPods);
    steps.run("starting the exporter on 127.0.0.1:" + exporterPort, "see " + stateDir.resolve("exporter.log")
        + "; rebuild the jar with mvn -B -q -pl exporter -am package -DskipTests", this::startExporter);
    steps.run("starting Prometheus on 127.0.0.1:" + prometheusPort + " with " + options.rulesFile().getFileName(),
        "see " + stateDir.resolve("prometheus/prometheus.log") + "; check the rules with promtool check rules "
            + options.rulesFile(), this::startPrometheus);
    steps.run("waiting for Prometheus to scrape the exporter", "see http://127.0.0.1:" + prometheusPort
        + "/targets for the scrape error, and " + stateDir.resolve("exporter.log"), this::awaitFirstScrape);
    Duration upIn = ProcessHandle.current().info().startInstant()
        .map(started -> Duration.between(started, Instant.now())).orElse(Duration.ZERO);
    String down = "scripts/try-it.sh --down" + (options.defaultStateDir() ? "" : " --state-dir=" + stateDir);
    out.print(Guide.render(upIn, exporterPort, prometheusPort, options.restartEvery(), stateDir, down));
    out.flush();
    restarter.goLive();
  }

  /**
   * Keeps watch until the process is stopped: reports once if the exporter, Prometheus or
   * containerd exits on its own.
   */
  void watch() throws InterruptedException {
    boolean exporterReported = false;
    boolean prometheusReported = false;
    boolean containerdReported = false;
    while (true) {
      TimeUnit.SECONDS.sleep(1);
      synchronized (this) {
        if (closed) {
          return;
        }
        if (!exporterReported && !exporterProcessAlive()) {
          out.println("the exporter exited on its own; see " + exporter.log());
          exporterReported = true;
        }
        if (!prometheusReported && !prometheus.isRunning()) {
          out.println("Prometheus exited on its own; see " + prometheus.logFile());
          prometheusReported = true;
        }
        if (!containerdReported && !containerd.isRunning()) {
          out.println("containerd exited on its own; see " + containerd.logFile());
          containerdReported = true;
        }
      }
    }
  }

  // ---- the steps ---------------------------------------------------------------------------

  private void checkPrerequisites() {
    List<Prerequisites.Missing> missing = Prerequisites.check(options);
    if (!missing.isEmpty()) {
      StringBuilder message = new StringBuilder();
      List<String> fixes = new ArrayList<>();
      for (Prerequisites.Missing m : missing) {
        message.append(message.length() == 0 ? "" : System.lineSeparator()).append(m.what());
        if (!fixes.contains(m.fix())) {
          fixes.add(m.fix());
        }
      }
      throw new StepFailure(message.toString(), String.join("; ", fixes));
    }
    claimStateDir();
    exporterPort = LocalPorts.firstFree(options.exporterPort(), Set.of()).orElseThrow(() -> new StepFailure(
        "no free port from " + options.exporterPort() + " to " + (options.exporterPort() + LocalPorts.SEARCH_WIDTH - 1),
        "pass another start with --exporter-port"));
    prometheusPort = LocalPorts.firstFree(options.prometheusPort(), Set.of(exporterPort)).orElseThrow(() -> new StepFailure(
        "no free port from " + options.prometheusPort() + " to "
            + (options.prometheusPort() + LocalPorts.SEARCH_WIDTH - 1), "pass another start with --prometheus-port"));
    List<String> notes = new ArrayList<>();
    if (exporterPort != options.exporterPort()) {
      notes.add(options.exporterPort() + " is taken, the exporter gets " + exporterPort);
    }
    if (prometheusPort != options.prometheusPort()) {
      notes.add(options.prometheusPort() + " is taken, Prometheus gets " + prometheusPort);
    }
    updateState(TryItState.EXPORTER_PORT, exporterPort);
    updateState(TryItState.PROMETHEUS_PORT, prometheusPort);
    if (!notes.isEmpty()) {
      steps.note(String.join(", ", notes));
    }
  }

  /**
   * Makes the state directory this run's: refuses if another try-it runs with it, cleans up
   * after one that was killed, and writes the state file before anything is started.
   */
  private synchronized void claimStateDir() {
    requireOpen();
    Path stateDir = options.stateDir();
    Optional<TryItState> earlier;
    try {
      earlier = TryItState.readFrom(stateFile);
    } catch (IllegalArgumentException e) {
      throw new StepFailure(e.getMessage(), "use another --state-dir, or remove " + stateDir
          + " once nothing is mounted below it");
    }
    if (earlier.isPresent()) {
      TryItState.Owner owner = earlier.get().owner();
      if (owner.isAlive()) {
        throw new StepFailure("try-it already runs with " + stateDir + " (pid " + owner.pid() + ")",
            "open its URLs, or stop it: scripts/try-it.sh --down"
                + (options.defaultStateDir() ? "" : " --state-dir=" + stateDir));
      }
      out.println();
      out.println("an earlier try-it (pid " + owner.pid() + ") was killed before it could clean up; cleaning up after it:");
      List<String> problems = Teardown.cleanUpLeftovers(stateDir, earlier.get(), out);
      if (!problems.isEmpty()) {
        throw new StepFailure("could not clean up after the earlier try-it:" + System.lineSeparator()
            + String.join(System.lineSeparator(), problems), "remove these by hand, then try again");
      }
      out.print("      continuing ... ");
    } else if (Files.isDirectory(stateDir) && !isEmpty(stateDir)) {
      throw new StepFailure(stateDir + " exists and is not try-it's (it has no " + TryItState.FILE_NAME + ")",
          "use another --state-dir, or remove " + stateDir);
    }
    try {
      Files.createDirectories(stateDir);
    } catch (IOException e) {
      throw new StepFailure("cannot create " + stateDir + ": " + e.getMessage(), "use another --state-dir", e);
    }
    ownsStateDir = true;
    state = TryItState.ownedBy(ProcessHandle.current());
    state.writeTo(stateFile);
  }

  private void startContainerd() {
    PrivateContainerd started;
    synchronized (this) {
      requireOpen();
      Path dir = options.stateDir().resolve("containerd");
      updateState(TryItState.CONTAINERD_DIR, dir);
      started = PrivateContainerd.builder(dir).start();
      containerd = started;
      updateState(TryItState.CONTAINERD_PID, started.pid());
    }
    PrivateContainerd.StartupTimes times = started.startupTimes();
    steps.note("pid " + started.pid() + ", ready in " + StepReporter.seconds(times.untilReady())
        + ", image imported in " + StepReporter.seconds(times.imageImport()));
  }

  private void startPods() {
    List<PodSpec> specs = DemoPods.specs(options.restartEvery());
    Set<String> podCgroups = new LinkedHashSet<>();
    Set<String> createdAncestors = new LinkedHashSet<>();
    for (PodSpec spec : specs) {
      podCgroups.add(spec.cgroupParent());
      for (String ancestor = parent(spec.cgroupParent()); !ancestor.isEmpty(); ancestor = parent(ancestor)) {
        if (HostState.existingCgroupDirs(ancestor).isEmpty()) {
          createdAncestors.add(ancestor);
        }
      }
    }
    synchronized (this) {
      requireOpen();
      state = state.withList(TryItState.POD_CGROUPS, podCgroups)
          .withList(TryItState.CREATED_CGROUP_ANCESTORS, createdAncestors);
      state.writeTo(stateFile);
      TestPods pods = containerd.pods();
      RunningPod restarterPod = null;
      for (PodSpec spec : specs) {
        RunningPod pod = pods.run(spec);
        if (spec.name().equals(DemoPods.RESTARTER)) {
          restarterPod = pod;
        }
      }
      PrivateContainerd runtime = containerd;
      restarter = new Restarter(pods, runtime::runtimeService, restarterPod,
          DemoPods.restarter(options.restartEvery()), out);
      restarter.start();
    }
    steps.note(String.join(", ", DemoPods.CONTAINERS));
  }

  private void startExporter() {
    ExporterChild child;
    synchronized (this) {
      requireOpen();
      child = ExporterChild.start(options.exporterJar(), containerd.endpoint(), exporterPort,
          options.pollInterval(), options.stateDir().resolve("exporter.log"));
      exporter = child;
      updateState(TryItState.EXPORTER_PID, child.pid());
    }
    child.awaitReady(EXPORTER_READY_TIMEOUT);
    steps.note("pid " + child.pid() + ", first poll done, polling every " + TryItOptions.format(options.pollInterval()));
  }

  private void startPrometheus() {
    PrometheusServer server;
    synchronized (this) {
      requireOpen();
      Path dir = options.stateDir().resolve("prometheus");
      updateState(TryItState.PROMETHEUS_DIR, dir);
      server = PrometheusServer.builder(dir)
          .port(prometheusPort)
          .scrapeInterval(options.pollInterval())
          .evaluationInterval(options.pollInterval())
          .scrapeJob(ScrapeJob.builder(JOB)
              .target("127.0.0.1:" + exporterPort)
              .interval(options.pollInterval())
              .targetLabel("node", hostname())
              .build())
          .ruleFile(options.rulesFile())
          .readyTimeout(PROMETHEUS_READY_TIMEOUT)
          .start();
      prometheus = server;
      updateState(TryItState.PROMETHEUS_PID, server.pid());
    }
    List<RuleGroup> groups = server.ruleGroups();
    int rules = groups.stream().mapToInt(g -> g.rules().size()).sum();
    if (rules == 0) {
      throw new StepFailure("Prometheus loaded no rules from " + options.rulesFile(),
          "check the file with promtool check rules " + options.rulesFile());
    }
    steps.note("pid " + server.pid() + ", " + rules + " alert rules loaded");
  }

  private void awaitFirstScrape() throws InterruptedException {
    Duration timeout = options.pollInterval().multipliedBy(3).plusSeconds(20);
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "not scraped yet";
    while (true) {
      requireOpen();
      Optional<Target> target = prometheus.targets().stream()
          .filter(t -> t.scrapePool().equals(JOB)).findFirst();
      if (target.isPresent() && target.get().isUp()) {
        List<String> missing = containersMissingFromMetrics();
        if (missing.isEmpty()) {
          steps.note("target up, " + DemoPods.CONTAINERS.size() + " demo containers in the metrics");
          return;
        }
        last = "target up, but no series yet for " + missing;
      } else if (target.isPresent()) {
        last = "target " + target.get().health() + (target.get().lastError().isEmpty() ? ""
            : ": " + target.get().lastError());
      }
      if (System.nanoTime() > deadline) {
        throw new StepFailure("Prometheus has not scraped the exporter's demo containers after "
            + timeout.toSeconds() + " s (" + last + ")", "");
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
  }

  /** Demo containers without a {@code container_cpu_usage_seconds_total} series on the exporter's page. */
  private List<String> containersMissingFromMetrics() throws InterruptedException {
    String metrics;
    try {
      metrics = exporter.scrape();
    } catch (IOException e) {
      return DemoPods.CONTAINERS;
    }
    List<String> missing = new ArrayList<>();
    for (String container : DemoPods.CONTAINERS) {
      boolean present = metrics.lines().anyMatch(line -> line.startsWith("container_cpu_usage_seconds_total{")
          && line.contains("namespace=\"" + DemoPods.NAMESPACE + "\"")
          && line.contains("container=\"" + container + "\""));
      if (!present) {
        missing.add(container);
      }
    }
    return missing;
  }

  // ---- teardown ----------------------------------------------------------------------------

  /**
   * Stops and removes everything this run started, in order: the restarter and the exporter,
   * Prometheus, the pods and containerd, the state directory; then checks that nothing is left.
   * Safe to call more than once and from the shutdown hook.
   */
  @Override
  public void close() {
    PrivateContainerd runtime;
    Restarter supervisor;
    ExporterChild child;
    PrometheusServer server;
    TryItState finalState;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      runtime = containerd;
      supervisor = restarter;
      child = exporter;
      server = prometheus;
      finalState = state;
    }
    if (!ownsStateDir) {
      return; // nothing was started
    }
    long started = System.nanoTime();
    int total = 1 + (child != null || supervisor != null ? 1 : 0) + (server != null ? 1 : 0) + (runtime != null ? 1 : 0);
    StepReporter down = new StepReporter(out, total);
    List<String> problems = new ArrayList<>();
    out.println();
    out.println("stopping try-it and removing everything it started:");
    if (child != null || supervisor != null) {
      attempt(problems, () -> down.run("stopping the exporter" + (child != null ? " (pid " + child.pid() + ")" : ""),
          "", () -> {
            if (supervisor != null) {
              supervisor.close();
            }
            if (child != null) {
              child.close();
            }
          }));
    }
    if (server != null) {
      attempt(problems, () -> down.run("stopping Prometheus (pid " + server.pid() + ")", "", () -> {
        long pid = server.pid();
        server.close();
        ProcessHandle.of(pid).ifPresent(p -> RunProcesses.awaitExit(p, Duration.ofSeconds(30)));
      }));
    }
    if (runtime != null) {
      attempt(problems, () -> down.run("removing the demo pods and stopping containerd (pid " + runtime.pid() + ")",
          "", () -> {
            runtime.close();
            List<String> left = new ArrayList<>();
            runtime.liveShims().forEach(p -> left.add("shim pid " + p.pid()));
            runtime.remainingPodCgroupDirectories().forEach(d -> left.add("cgroup " + d));
            runtime.remainingMounts().forEach(m -> left.add("mount " + m));
            if (!left.isEmpty()) {
              throw new StepFailure("left behind: " + String.join(", ", left), "");
            }
          }));
    }
    attempt(problems, () -> down.run("removing " + options.stateDir(), "", () -> {
      Teardown.removeCgroupAncestors(finalState.list(TryItState.CREATED_CGROUP_ANCESTORS));
      List<String> left = Teardown.deleteStateDir(options.stateDir());
      if (!left.isEmpty()) {
        throw new StepFailure(String.join(System.lineSeparator(), left), "");
      }
    }));
    List<String> remains = Teardown.remains(options.stateDir(), finalState).stream()
        .filter(r -> !r.startsWith("try-it itself")).toList();
    String took = StepReporter.seconds(Duration.ofNanos(System.nanoTime() - started));
    if (problems.isEmpty() && remains.isEmpty()) {
      out.println("try-it stopped in " + took + "; nothing left behind.");
    } else {
      out.println("try-it stopped in " + took + ", but left behind:");
      remains.forEach(r -> out.println("  " + r));
      out.println("  fix: scripts/try-it.sh --down" + (options.defaultStateDir() ? "" : " --state-dir=" + options.stateDir())
          + " cleans up what is left");
    }
    out.flush();
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static void attempt(List<String> problems, Runnable step) {
    try {
      step.run();
    } catch (StepFailure e) {
      problems.add(e.getMessage());
    }
  }

  private synchronized void updateState(String key, Object value) {
    state = state.with(key, value);
    state.writeTo(stateFile);
  }

  private synchronized void requireOpen() {
    if (closed) {
      throw new StepFailure("try-it is stopping", "");
    }
  }

  private synchronized boolean exporterProcessAlive() {
    return exporter != null && ProcessHandle.of(exporter.pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String parent(String cgroup) {
    int slash = cgroup.lastIndexOf('/');
    return slash <= 0 ? "" : cgroup.substring(0, slash);
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static String hostname() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      return name.isEmpty() ? "localhost" : name;
    } catch (IOException e) {
      return "localhost";
    }
  }
}
