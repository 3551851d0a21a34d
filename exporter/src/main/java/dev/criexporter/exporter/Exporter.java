package dev.criexporter.exporter;

import dev.criexporter.cri.CriClient;
import dev.criexporter.cri.CriEndpoints;
import dev.criexporter.cri.ReconnectingCriClient;
import dev.criexporter.exporter.doctor.DoctorService;
import dev.criexporter.exporter.http.Exposition;
import dev.criexporter.exporter.http.HttpServer;
import dev.criexporter.exporter.http.Rendered;
import dev.criexporter.exporter.metrics.CollectorRunner;
import dev.criexporter.exporter.metrics.Collectors;
import dev.criexporter.exporter.metrics.LabelScheme;
import dev.criexporter.exporter.model.NodeSnapshot;
import dev.criexporter.cgroup.read.StatGroup;
import dev.criexporter.exporter.poll.BlockDevices;
import dev.criexporter.exporter.poll.CgroupSide;
import dev.criexporter.exporter.metrics.PollNeed;
import dev.criexporter.exporter.poll.PollLoop;
import dev.criexporter.exporter.poll.PollPlan;
import dev.criexporter.exporter.poll.Poller;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running exporter: poll loop, exposition and HTTP server, wired together. */
public final class Exporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Exporter.class);

  private final ExporterConfig config;
  private final CriClient client;
  private final PollLoop loop;
  private final HttpServer server;
  private final Exposition exposition;
  private final CountDownLatch firstPoll = new CountDownLatch(1);
  private final AtomicReference<NodeSnapshot> latest = new AtomicReference<>();
  private final JvmGcMetrics gcMetrics;
  /** Held: Micrometer refers to the state of its meters only weakly. */
  private final ProcessMetrics processMetrics;
  private final DoctorService doctor;
  private final Poller poller;

  private Exporter(ExporterConfig config, CriClient client, Clock clock) {
    this.config = config;
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Names that break Prometheus conventions (promtool flags them); process_* comes from ProcessMetrics.
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("system.cpu.count")
        || id.getName().equals("process.cpu.time")));
    SelfMetrics self = new SelfMetrics(registry);
    BuildInfo build = BuildInfo.load();
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    processMetrics = new ProcessMetrics(java.nio.file.Path.of("/proc/self"));
    processMetrics.bindTo(registry);

    this.client = client != null ? client : new ReconnectingCriClient(
        new CriEndpoints(config.hostRoot(), config.criEndpoint(), System.getenv()),
        config.criTimeout(), config.criMaxMessageBytes(), self);
    this.doctor = new DoctorService(config, clock);
    CollectorRunner runner = new CollectorRunner(
        doctor.bind(Collectors.select(config.enableCollectors(), config.disableCollectors())),
        new LabelScheme(config.labelMode(), config.podLabels()));
    this.exposition = new Exposition(registry);
    Set<StatGroup> groups = EnumSet.noneOf(StatGroup.class);
    runner.collectors().forEach(c -> groups.addAll(c.cgroupGroups()));
    CgroupSide cgroups = CgroupSide.open(config.cgroupRoot(), config.cgroupMode(), groups,
        config.crossCheck(),
        Runtime.getRuntime().availableProcessors()).orElse(null);
    this.poller = new Poller(this.client, clock, config.keepStale(), self, cgroups,
        new BlockDevices(config.hostRoot().resolve("sys")), plan(runner, config));
    this.loop = new PollLoop(poller, config.pollInterval(), snapshot -> {
      long start = System.nanoTime();
      CollectorRunner.Result result = runner.run(snapshot);
      Rendered r = exposition.publish(result.families());
      self.rendered(r.series(), r.textBytes(), r.textGzipBytes());
      self.pollFinished(System.nanoTime() - start
          + java.time.Duration.between(snapshot.takenAt(), clock.instant()).toNanos());
      latest.set(snapshot);
      firstPoll.countDown();
    });
    this.server = new HttpServer(config.listen(), config.web(), config.healthListen(),
        config.metricsPath(), exposition::current,
        () -> loop.isLive(config.pollInterval().multipliedBy(3).plus(config.criTimeout()
            .multipliedBy(4))),
        () -> firstPoll.getCount() == 0, self::scrapeServed,
        LandingPage.html(config, build));
  }

  /** What polls must ask for, from the enabled collectors and the pod label allow-list. */
  static PollPlan plan(CollectorRunner runner, ExporterConfig config) {
    Set<PollNeed> needs = EnumSet.noneOf(PollNeed.class);
    runner.collectors().forEach(c -> needs.addAll(c.needs()));
    boolean podLabels = !config.podLabels().isEmpty();
    return new PollPlan(podLabels || !needs.isEmpty(), needs.contains(PollNeed.SANDBOX_STATS),
        needs.contains(PollNeed.POD_CGROUPS), podLabels);
  }

  /** Starts an exporter talking to the configured (or probed) runtime. */
  public static Exporter start(ExporterConfig config) {
    return start(config, null, Clock.systemUTC());
  }

  /** Starts an exporter with a given client and clock (tests, demo mode). */
  public static Exporter start(ExporterConfig config, CriClient client, Clock clock) {
    Exporter e = new Exporter(config, client, clock);
    e.server.start();
    log.info("listening on {}://{}:{}{}{} (poll every {}s, CRI {})",
        config.web().tls().isPresent() ? "https" : "http",
        config.listen().getHostString(), e.server.port(), config.metricsPath(),
        config.web().users().isEmpty() ? "" : " with basic auth",
        config.pollInterval().toMillis() / 1000.0, e.client.endpoint());
    e.loop.start();
    e.doctor.start();
    return e;
  }

  /** The health listener's port, if one was configured. */
  public java.util.Optional<Integer> healthPort() {
    return server.healthPort();
  }

  /** The HTTP port actually bound. */
  public int port() {
    return server.port();
  }

  /** Waits for the first poll to be published. */
  public boolean awaitFirstPoll(long timeout, TimeUnit unit) throws InterruptedException {
    return firstPoll.await(timeout, unit);
  }

  /** The latest published snapshot, or null before the first poll. */
  public NodeSnapshot latestSnapshot() {
    return latest.get();
  }

  /** The latest rendering. */
  public Rendered rendered() {
    return exposition.current();
  }

  /** The pool rendered bodies live in (tests of boundedness). */
  public dev.criexporter.exporter.http.ChunkPool chunkPool() {
    return exposition.pool();
  }

  /** The poll's families and the exporter's own meters, as the model (tests, tools). */
  public io.prometheus.metrics.model.snapshots.MetricSnapshots registrySnapshot() {
    return exposition.scrapeAll();
  }

  /** The latest rendering's text body (tests, tools); safe while polls publish. */
  public String renderedText() {
    return exposition.text();
  }

  /** Runs one poll and publishes it now, on the caller's thread; returns what was published. */
  public NodeSnapshot pollNow() {
    return loop.runOnce();
  }

  /** Polls completed since start. */
  public long completedPolls() {
    return loop.completedPolls();
  }

  /**
   * The most containers any state the poll keeps between polls holds (see
   * {@link Poller#trackedContainers()}): bounded by the live set. For tests; call between polls.
   */
  public int trackedContainers() {
    return poller.trackedContainers();
  }

  public ExporterConfig config() {
    return config;
  }

  @Override
  public void close() {
    server.close();
    loop.close();
    doctor.close();
    client.close();
    gcMetrics.close();
  }
}
