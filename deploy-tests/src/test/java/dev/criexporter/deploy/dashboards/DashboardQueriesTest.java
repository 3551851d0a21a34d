package dev.criexporter.deploy.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.criexporter.cri.v1.NetworkUsage;
import dev.criexporter.cri.v1.PodSandboxStatsRequest;
import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.check.CheckSettings;
import dev.criexporter.testsupport.containerd.ContainerSpec;
import dev.criexporter.testsupport.containerd.PodSpec;
import dev.criexporter.testsupport.containerd.PrivateContainerd;
import dev.criexporter.testsupport.containerd.RunningPod;
import dev.criexporter.testsupport.containerd.Workloads;
import dev.criexporter.testsupport.prometheus.PrometheusServer;
import dev.criexporter.testsupport.prometheus.QueryResult;
import dev.criexporter.testsupport.prometheus.RuleGroup;
import dev.criexporter.testsupport.prometheus.Sample;
import dev.criexporter.testsupport.prometheus.ScrapeJob;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every panel query of every dashboard, evaluated by a real Prometheus that scrapes the exporter
 * polling a private, real containerd.
 *
 * <p>The node runs two pods. shop/checkout: a CPU burner under a 50 % quota, a memory holder
 * (70 MiB, 256 MiB limit), a disk writer (fsync'ed writes), a container that the OOM killer
 * hits every few seconds (32 MiB limit) and a sidecar that is restarted once (a new container id).
 * batch/report: an idle container. A ghost cgroup (a container-like directory no container owns)
 * sits in the shop pod's cgroup. Prometheus scrapes every second as a ServiceMonitor with
 * {@code honorLabels: true} would: target labels {@code node}, {@code cluster}, and the exporter
 * pod's own {@code namespace}/{@code pod}/{@code container}, which must not leak into the panels.
 *
 * <p>A panel query must return at least one finite value, unless {@link #conditionalPanels()}
 * lists it and the condition named there holds on this host, checked from the kernel's or the
 * runtime's own files rather than from the exporter's output.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesTest {

  static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
  static final String CLUSTER = "test";
  static final String JOB = "cri-exporter";
  static final String SHOP_POD = "checkout-7c9d8f-qx2lp";
  static final String BATCH_POD = "report-28391-zk4mn";
  static final long OOM_LIMIT_BYTES = 32L << 20;
  static final String GHOST_ID = "feedc0de".repeat(8);

  /** A panel query that may legitimately return nothing, why, and the condition (checked on the host) under which it may. */
  record Conditional(String dashboard, String panel, Set<String> refIds, String reason, BooleanSupplier holds) {

    boolean covers(Dashboard d, Dashboard.Panel p, Dashboard.Query q) {
      return d.fileName().equals(dashboard) && p.title().equals(panel) && refIds.contains(q.refId());
    }

    @Override
    public String toString() {
      return dashboard + " \"" + panel + "\" " + refIds;
    }
  }

  Path work;
  PrivateContainerd containerd;
  RunningPod shop;
  Exporter exporter;
  PrometheusServer prometheus;
  String node;
  Path ghost;
  String blockIoSetup;
  String sidecarBefore;
  String sidecarAfter;
  Map<String, String> variables;
  List<Conditional> conditional;

  @BeforeAll
  void start() throws Exception {
    long started = System.nanoTime();
    work = Files.createTempDirectory("cri-exporter-dashboards-");
    containerd = PrivateContainerd.startOrAbort(work.resolve("containerd"));
    shop = containerd.pods().run(PodSpec.builder(SHOP_POD).namespace("shop").uid(UUID.randomUUID().toString())
        .container(Workloads.cpuBurner("burner"))
        .container(Workloads.memoryHolder("holder"))
        .container(ContainerSpec.builder("writer")
            .command("/bin/sh", "-c",
                "while :; do dd if=/dev/zero of=/tmp/data bs=1048576 count=4 conv=fsync 2>/dev/null; sleep 1; done")
            .build())
        .container(ContainerSpec.builder("oom")
            // awk doubles a string until the memory limit stops it; the shell survives and retries.
            .command("/bin/sh", "-c", "while :; do awk 'BEGIN { s = \"x\"; while (1) s = s s }'; sleep 2; done")
            .memoryLimitBytes(OOM_LIMIT_BYTES)
            .build())
        .container(Workloads.idleSleeper("sidecar"))
        .build());
    containerd.pods().run(PodSpec.builder(BATCH_POD).namespace("batch").uid(UUID.randomUUID().toString())
        .container(Workloads.idleSleeper("idle"))
        .build());
    blockIoSetup = HostCgroupFiles.enableBlockIoAccounting(shop.containerCgroupPath("writer"), containerd.workDir());
    ghost = createGhost();

    exporter = Exporter.start(ExporterConfig.builder()
        .listen(new InetSocketAddress("127.0.0.1", 0))
        .criEndpoint(containerd.endpoint())
        .pollInterval(POLL_INTERVAL).criTimeout(POLL_INTERVAL)
        // Walk the cgroup tree every poll (default: every 30 s) so the ghost shows within two polls.
        .crossCheck(new CheckSettings(CheckSettings.DEFAULTS.memoryBytes(), CheckSettings.DEFAULTS.memoryRatio(),
            CheckSettings.DEFAULTS.cpuSlack(), Duration.ZERO))
        .build());
    assertThat(exporter.awaitFirstPoll(30, TimeUnit.SECONDS)).as("first poll").isTrue();

    node = InetAddress.getLocalHost().getHostName();
    prometheus = PrometheusServer.builder(work.resolve("prometheus"))
        .scrapeJob(ScrapeJob.builder(JOB).target("127.0.0.1:" + exporter.port())
            .interval(Duration.ofSeconds(1)).honorLabels(true)
            .targetLabel("node", node).targetLabel("cluster", CLUSTER)
            // What the Prometheus Operator adds for a ServiceMonitor target: the exporter pod's own names.
            .targetLabel("namespace", "monitoring").targetLabel("pod", "cri-exporter-x7k2p")
            .targetLabel("container", "cri-exporter").targetLabel("service", "cri-exporter")
            .targetLabel("endpoint", "metrics")
            .build())
        .ruleFile(RepoFiles.ruleFile())
        .evaluationInterval(Duration.ofSeconds(1))
        .startOrAbort();

    // A restart as kubelet does it: the sidecar's container goes, a new one (new id) comes.
    prometheus.awaitScrapes(JOB, 5, Duration.ofSeconds(30));
    sidecarBefore = shop.containerId("sidecar");
    awaitInPrometheus("container_start_time_seconds{container=\"sidecar\", name=\"" + sidecarBefore + "\"}");
    containerd.pods().stopContainer(sidecarBefore, Duration.ZERO);
    containerd.pods().removeContainer(sidecarBefore);
    sidecarAfter = containerd.pods().addContainer(shop, Workloads.idleSleeper("sidecar"));

    // Enough history for rates over 1m and for what the panels are about to be there.
    awaitInPrometheus("container_start_time_seconds{container=\"sidecar\", name=\"" + sidecarAfter + "\"}");
    awaitInPrometheus("container_memory_working_set_bytes{container=\"holder\"} > " + (45L << 20));
    awaitInPrometheus("container_oom_events_total{container=\"oom\"} > 0");
    if (ghost != null) {
      awaitInPrometheus("cri_crosscheck_ghost_cgroup{id=\"" + GHOST_ID + "\"}");
    }
    if (HostCgroupFiles.blockIoBytes(shop.containerCgroupPath("writer")) > 0) {
      awaitInPrometheus("rate(container_fs_writes_bytes_total{container=\"writer\"}[1m]) > 0");
    }
    prometheus.awaitScrapes(JOB, 15, Duration.ofSeconds(30));

    variables = Map.of("cluster", CLUSTER, "node_label", "node", "node", node, "namespace", "shop", "pod", SHOP_POD);
    conditional = conditionalPanels();
    System.out.printf("setup: %d ms (containerd, 2 pods, exporter, Prometheus ready in %d ms, one restart, 15 scrapes); "
        + "block I/O: %s; ghost: %s%n", (System.nanoTime() - started) / 1_000_000, prometheus.startupTime().toMillis(),
        blockIoSetup, ghost);
  }

  @AfterAll
  void stop() throws IOException {
    try {
      if (prometheus != null) {
        prometheus.close();
      }
      if (exporter != null) {
        exporter.close();
      }
    } finally {
      if (ghost != null) {
        Files.deleteIfExists(ghost);
      }
      if (containerd != null) {
        containerd.close();
        assertThat(containerd.remainingPodCgroupDirectories()).isEmpty();
        assertThat(containerd.liveShims()).isEmpty();
      }
      if (work != null) {
        // Empty by now: containerd and Prometheus delete their own directories in it.
        Files.deleteIfExists(work);
      }
    }
  }

  /**
   * The panels allowed to come back empty, each with the reason and the host-side condition
   * that must hold for the emptiness to be accepted.
   */
  List<Conditional> conditionalPanels() {
    String holder = shop.containerCgroupPath("holder");
    String writer = shop.containerCgroupPath("writer");
    BooleanSupplier hostNetworkOnly = () -> hasNoNetworkInterfaces(shop);
    BooleanSupplier noPsi = () -> !HostCgroupFiles.hasPressure(holder);
    BooleanSupplier noBlockIo = () -> HostCgroupFiles.blockIoBytes(writer) == 0;
    String node = "cri-exporter-node-overview.json";
    String pod = "cri-exporter-pod-detail.json";
    String truth = "cri-exporter-runtime-truth.json";
    String psi = "PSI needs a kernel with CONFIG_PSI (and psi=1 on some distributions); without it the "
        + "containers' cgroups have no *.pressure files and the pressure families are absent";
    String blockIo = "the kernel counted no block I/O for the writer container (cgroup v1 blkio.throttle.* "
        + "needs a throttle rule, which cannot be set when the containers' disk is not a block device)";
    return List.of(
        new Conditional(pod, "Network throughput", Set.of("A", "B"), "pods on the host network have no network "
            + "namespace of their own and the runtime reports no interfaces for them (the test harness "
            + "only runs host-network pods)", hostNetworkOnly),
        new Conditional(pod, "Network errors", Set.of("A", "B"), "as Network throughput: no pod interfaces "
            + "on the host network", hostNetworkOnly),
        new Conditional(pod, "Memory breakdown", Set.of("F"), "kernel memory comes from the cgroup v2 "
            + "memory.stat key \"kernel\" (Linux 5.18+); cgroup v1 has no such key",
            () -> !HostCgroupFiles.hasKernelMemoryStat(holder)),
        new Conditional(pod, "Memory by container", Set.of("F"), "as Memory breakdown: no \"kernel\" key "
            + "in memory.stat", () -> !HostCgroupFiles.hasKernelMemoryStat(holder)),
        new Conditional(pod, "Threads and limit", Set.of("B"), "no pids limit on the containers: the CRI has "
            + "no per-container pids limit and kubelet puts podPidsLimit on the pod's cgroup; an "
            + "unlimited pids.max is exported as 0 and filtered out",
            () -> shop.containerIds().keySet().stream()
                .allMatch(c -> HostCgroupFiles.pidsMax(shop.containerCgroupPath(c)).equals("max"))),
        new Conditional(node, "Poll errors and anomalies", Set.of("B"), "anomaly counters appear with the "
            + "first anomaly of their reason, and no poll had one",
            () -> !exporterExposition().contains("cri_exporter_poll_anomalies_total{")),
        new Conditional(node, "CPU pressure (top 10)", Set.of("A"), psi, noPsi),
        new Conditional(node, "Memory and I/O pressure (top 10)", Set.of("A", "B"), psi, noPsi),
        new Conditional(pod, "Pressure", Set.of("A", "B", "C"), psi, noPsi),
        new Conditional(pod, "Disk throughput", Set.of("A", "B"), blockIo, noBlockIo),
        new Conditional(pod, "Disk operations", Set.of("A", "B"), blockIo, noBlockIo),
        new Conditional(node, "OOM kills", Set.of("A"), "the OOM killer did not strike the oom container "
            + "within the last rate interval", () -> HostCgroupFiles.oomKills(shop.containerCgroupPath("oom")) == 0),
        new Conditional(truth, "Ghost cgroup paths", Set.of("A"), "the test could not create a ghost cgroup "
            + "directory here", () -> ghost == null));
  }

  @Test
  void everyPanelQueryReturnsData() {
    List<String> problems = new ArrayList<>();
    List<String> emptyButConditional = new ArrayList<>();
    int panels = 0;
    int queries = 0;
    long started = System.nanoTime();
    for (Dashboard d : Dashboard.loadAll()) {
      for (Dashboard.Panel p : d.dataPanels()) {
        panels++;
        for (Dashboard.Query q : p.queries()) {
          queries++;
          String where = d.fileName() + " \"" + p.title() + "\" " + q.refId();
          QueryResult result;
          try {
            result = evaluate(q);
          } catch (RuntimeException e) {
            problems.add(where + ": " + e.getMessage());
            continue;
          }
          if (result.hasFiniteValue()) {
            continue;
          }
          Optional<Conditional> allowed = conditional.stream().filter(c -> c.covers(d, p, q)).findFirst();
          if (allowed.isEmpty()) {
            problems.add(where + ": no data (" + result.describe() + ") for " + result.expr());
          } else if (!allowed.get().holds().getAsBoolean()) {
            problems.add(where + ": no data, and the condition that would excuse it does not hold here ("
                + allowed.get().reason() + ") for " + result.expr());
          } else {
            emptyButConditional.add(where + ": " + allowed.get().reason());
          }
        }
      }
    }
    System.out.printf("evaluated %d queries of %d panels in %d ms; %d empty and excused:%n  %s%n", queries, panels,
        (System.nanoTime() - started) / 1_000_000, emptyButConditional.size(), String.join("\n  ", emptyButConditional));
    assertThat(problems).isEmpty();
    assertThat(conditional).as("every excused query exists").allSatisfy(c -> {
      Dashboard.Panel p = Dashboard.load(RepoFiles.dashboardsDir().resolve(c.dashboard())).panel(c.panel());
      assertThat(p.queries()).extracting(Dashboard.Query::refId).containsAll(c.refIds());
    });
  }

  @Test
  void variablesOfferTheTestClusterNodeNamespacesAndPods() {
    for (Dashboard d : Dashboard.loadAll()) {
      assertThat(labelValues(d, "cluster")).as(d.fileName() + " $cluster").contains(CLUSTER);
      assertThat(labelValues(d, "node")).as(d.fileName() + " $node").containsExactly(node);
      assertThat(labelValues(d, "namespace")).as(d.fileName() + " $namespace")
          .containsExactlyInAnyOrder("shop", "batch");
      assertThat(labelValues(d, "pod")).as(d.fileName() + " $pod (namespace shop)").containsExactly(SHOP_POD);
    }
  }

  @Test
  void panelsShowTheWorkloadsAsTheyAre() {
    Dashboard overview = dashboard("cri-exporter-node-overview.json");
    Dashboard pod = dashboard("cri-exporter-pod-detail.json");
    Dashboard truth = dashboard("cri-exporter-runtime-truth.json");

    assertThat(value(overview, "Runtime", "A")).isEqualTo(1);
    assertThat(evaluate(overview.panel("Runtime version").query("A").orElseThrow()).single().labels())
        .containsEntry("runtime", "containerd").containsEntry("api_version", "v1");
    assertThat(value(overview, "Running containers", "A")).as("5 in shop, 1 in batch").isEqualTo(6);
    assertThat(value(overview, "Pods", "A")).isEqualTo(2);
    assertThat(value(overview, "OOM kills in range", "A")).isGreaterThanOrEqualTo(1);
    assertThat(value(overview, "Data age", "A")).isBetween(0.0, 3.0 * POLL_INTERVAL.toSeconds());

    assertThat(value(pod, "Containers", "A")).isEqualTo(5);
    assertThat(series(pod, "CPU usage and limit", "B", "burner")).as("burner's CFS limit in cores").isCloseTo(0.5, within(1e-9));
    assertThat(evaluate(pod.panel("CPU usage and limit").query("B").orElseThrow()).samples())
        .as("only the burner has a CPU limit").hasSize(1);
    assertThat(series(pod, "Working set and limit", "B", "holder")).isEqualTo(Workloads.HOLDER_MEMORY_LIMIT_BYTES);
    assertThat(series(pod, "Working set and limit", "B", "oom")).isEqualTo(OOM_LIMIT_BYTES);
    assertThat(series(pod, "Working set and limit", "A", "holder")).isGreaterThan(Workloads.HOLDER_SHM_BYTES * 0.9);
    assertThat(series(pod, "Restarts by container", "A", "sidecar")).isEqualTo(1);
    assertThat(series(pod, "Restarts by container", "A", "burner")).isZero();
    assertThat(value(pod, "Restarts in range", "A")).isEqualTo(1);
    // Now, only the running instance has an age, and the restarted sidecar's is the youngest.
    QueryResult ages = evaluate(pod.panel("Container age").query("A").orElseThrow());
    assertThat(ages.withLabel("container", "sidecar")).singleElement()
        .satisfies(s -> assertThat(s.label("name")).isEqualTo(sidecarAfter))
        .satisfies(s -> assertThat(s.value()).isLessThan(ages.withLabel("container", "burner").get(0).value()));
    assertThat(value(pod, "OOM kills in range", "A")).isGreaterThanOrEqualTo(1);
    if (HostCgroupFiles.blockIoBytes(shop.containerCgroupPath("writer")) > 0) {
      assertThat(evaluate(pod.panel("Disk throughput").query("B").orElseThrow()).withLabel("container", "writer"))
          .as("the writer's fsync'ed writes").isNotEmpty().allSatisfy(s -> assertThat(s.value()).isPositive());
    }

    assertThat(value(truth, "Cross-check", "A")).isEqualTo(1);
    assertThat(value(truth, "Missing cgroups", "A")).isZero();
    if (ghost != null) {
      assertThat(value(truth, "Ghost cgroups", "A")).isGreaterThanOrEqualTo(1);
      assertThat(evaluate(truth.panel("Ghost cgroup paths").query("A").orElseThrow()).samples())
          .anySatisfy(s -> {
            assertThat(s.labels()).containsEntry("id", GHOST_ID).containsEntry("node", node);
            assertThat(s.label("cgroup")).contains(shop.uid()).endsWith(GHOST_ID);
          });
    }
    // The node doctor ran at start: the runtime check passes against the private containerd.
    assertThat(evaluate(truth.panel("Node checks").query("A").orElseThrow()).withLabel("check", "runtime"))
        .singleElement().satisfies(s -> {
          assertThat(s.value()).isEqualTo(1);
          assertThat(s.labels()).containsEntry("severity", "critical").containsEntry("node", node);
        });
    assertThat(value(truth, "Checks age", "A")).isBetween(0.0, 300.0);

    // With "All" namespaces: the exporter pod's own target labels (namespace="monitoring" on its
    // node-level series, through honorLabels) must not show up as a namespace of containers.
    assertThat(evaluate(overview.panel("Working set by namespace").query("A").orElseThrow(),
        Map.of("namespace", ".*", "pod", ".*")).samples())
        .extracting(s -> s.label("namespace")).containsExactlyInAnyOrder("shop", "batch");
  }

  @Test
  void alertRulesAreLoadedAndEvaluateWithoutErrors() {
    Set<String> expected = ruleNames();
    // At least two evaluations of every rule after Prometheus has data.
    Instant after = Instant.now().plusSeconds(2);
    List<RuleGroup.Rule> rules = awaitRules(r -> r.lastEvaluation().isAfter(after), Duration.ofSeconds(20));
    assertThat(rules).extracting(RuleGroup.Rule::name).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(rules).allSatisfy(r -> {
      assertThat(r.lastError()).as(r.name() + " lastError").isEmpty();
      assertThat(r.health()).as(r.name() + " health").isEqualTo("ok");
    });
    Map<String, RuleGroup.Rule> byName = rules.stream().collect(Collectors.toMap(RuleGroup.Rule::name, r -> r));

    // Real data makes real alerts: the OOM kills fire at once, the ghost waits out its 30 minutes.
    assertThat(byName.get("ContainerOOMKilled").alerts()).anySatisfy(a -> {
      assertThat(a.state()).isEqualTo("firing");
      assertThat(a.labels()).containsEntry("container", "oom").containsEntry("namespace", "shop")
          .containsEntry("pod", SHOP_POD).containsEntry("node", node).containsEntry("cluster", CLUSTER)
          .containsEntry("severity", "warning");
      assertThat(a.annotations()).containsEntry("summary", "Container shop/" + SHOP_POD + "/oom was OOM-killed.");
    });
    if (ghost != null) {
      assertThat(byName.get("CRIGhostCgroups").alerts()).singleElement().satisfies(a -> {
        assertThat(a.state()).isEqualTo("pending");
        assertThat(a.labels()).containsEntry("node", node).containsEntry("job", JOB);
      });
    }
    for (String quiet : List.of("CRIRuntimeDown", "CRIExporterDown", "CRIExporterAbsent", "CRIMissingCgroups",
        "CRIExporterCollectorFailing", "CRIExporterSnapshotStale", "CRIPollingFailing")) {
      assertThat(byName.get(quiet).alerts()).as(quiet + " on a healthy node").isEmpty();
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  QueryResult evaluate(Dashboard.Query q) {
    return evaluate(q, Map.of());
  }

  /** The query with the test's variable values, some of them replaced by {@code overrides}. */
  QueryResult evaluate(Dashboard.Query q, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>(variables);
    values.putAll(overrides);
    return prometheus.query(GrafanaTemplating.substitute(q.expr(), values));
  }

  double value(Dashboard d, String panel, String refId) {
    return evaluate(d.panel(panel).query(refId).orElseThrow()).single().value();
  }

  double series(Dashboard d, String panel, String refId, String container) {
    QueryResult r = evaluate(d.panel(panel).query(refId).orElseThrow());
    List<Sample> matching = r.withLabel("container", container);
    assertThat(matching).as(panel + " " + refId + " for container " + container + ": " + r.describe()).hasSize(1);
    return matching.get(0).value();
  }

  static Dashboard dashboard(String file) {
    return Dashboard.load(RepoFiles.dashboardsDir().resolve(file));
  }

  /** Grafana's {@code label_values(selector, label)}, answered by Prometheus as {@code group by (label) (selector)}. */
  List<String> labelValues(Dashboard d, String variable) {
    String query = GrafanaTemplating.substitute(Dashboard.variableQuery(d.variable(variable).orElseThrow()), variables);
    Matcher m = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)").matcher(query);
    assertThat(m.matches()).as(query).isTrue();
    String label = m.group(2);
    return prometheus.query("group by (" + label + ") (" + m.group(1) + ")").samples().stream()
        .map(s -> s.label(label)).filter(v -> !v.isEmpty()).sorted().toList();
  }

  void awaitInPrometheus(String expr) {
    prometheus.awaitQuery(expr, r -> !r.isEmpty(), Duration.ofSeconds(30));
  }

  List<RuleGroup.Rule> awaitRules(java.util.function.Predicate<RuleGroup.Rule> each, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<RuleGroup.Rule> rules = prometheus.ruleGroups().stream().flatMap(g -> g.rules().stream()).toList();
      if (!rules.isEmpty() && rules.stream().allMatch(each)) {
        return rules;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("rules not evaluated in time: " + rules);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  static Set<String> ruleNames() {
    Matcher m = Pattern.compile("(?m)^\\s*- alert:\\s*(\\S+)").matcher(RepoFiles.read(RepoFiles.ruleFile()));
    Set<String> names = new java.util.LinkedHashSet<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Whether the runtime reports no network interface for the pod (host network). */
  boolean hasNoNetworkInterfaces(RunningPod pod) {
    NetworkUsage network = containerd.runtimeService().withDeadlineAfter(10, TimeUnit.SECONDS)
        .podSandboxStats(PodSandboxStatsRequest.newBuilder().setPodSandboxId(pod.podSandboxId()).build())
        .getStats().getLinux().getNetwork();
    return network.getInterfacesCount() == 0 && network.getDefaultInterface().getName().isEmpty();
  }

  String exporterExposition() {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.port() + "/metrics"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new AssertionError("cannot scrape the exporter", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** A 64-hex directory in the shop pod's memory cgroup that no container owns, or null if it cannot be made. */
  Path createGhost() {
    Path dir = HostCgroupFiles.dir("memory", shop.cgroupParent()).resolve(GHOST_ID);
    try {
      Files.createDirectory(dir);
      return dir;
    } catch (IOException e) {
      System.out.println("no ghost cgroup: " + e);
      return null;
    }
  }
}
