package dev.criexporter.exporter.doctor;

import dev.criexporter.cri.CallObserver;
import dev.criexporter.cri.CriClient;
import dev.criexporter.cri.CriEndpoints;
import dev.criexporter.cri.ReconnectingCriClient;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.metrics.Collector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the node checks inside the exporter: at start and then every {@link #INTERVAL}, on a
 * daemon thread of its own so that the poll never waits for it, and keeps the latest report for
 * the {@link DoctorCollector}. It talks to the runtime through a CRI client of its own, made
 * from the exporter's configuration: the poll loop's client is used by one thread at a time.
 * Logs once whenever the set of failing checks changes.
 */
public final class DoctorService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DoctorService.class);

  /** How often the node checks run; they change rarely and some read many files. */
  public static final Duration INTERVAL = Duration.ofMinutes(5);

  private final Supplier<CriClient> clients;
  private final Doctor doctor;
  private final AtomicReference<DoctorReport> latest = new AtomicReference<>();
  private final Object runLock = new Object();
  private boolean bound;
  private ScheduledExecutorService executor;
  private CriClient client;
  private String lastProblems = "";

  /** A service for the exporter configured by {@code config}. */
  public DoctorService(ExporterConfig config, Clock clock) {
    this(config, () -> new ReconnectingCriClient(
        new CriEndpoints(config.hostRoot(), config.criEndpoint(), System.getenv()),
        config.criTimeout(), config.criMaxMessageBytes(), CallObserver.NONE), clock);
  }

  /** With another source of the client it opens at {@link #start} and closes at the end. */
  DoctorService(ExporterConfig config, Supplier<CriClient> clients, Clock clock) {
    this.clients = clients;
    this.doctor = new Doctor(DoctorPaths.of(config.hostRoot(), config.cgroupRoot()), clock);
  }

  /**
   * The collectors with the {@code doctor} collector, if enabled, replaced by one that reads
   * this service's reports. Only then does {@link #start} schedule anything.
   */
  public synchronized List<Collector> bind(List<Collector> collectors) {
    List<Collector> out = new ArrayList<>(collectors.size());
    for (Collector c : collectors) {
      if (c instanceof DoctorCollector) {
        out.add(new DoctorCollector(this::latest));
        bound = true;
      } else {
        out.add(c);
      }
    }
    return out;
  }

  /** Starts the schedule, when the doctor collector is enabled. */
  public synchronized void start() {
    if (!bound || executor != null) {
      return;
    }
    client = clients.get();
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "doctor");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::runScheduled, 0, INTERVAL.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  /** The latest report, once the checks have run. */
  public Optional<DoctorReport> latest() {
    return Optional.ofNullable(latest.get());
  }

  /** Runs the checks now on the caller's thread and keeps the report. */
  public DoctorReport runNow() {
    CriClient c;
    synchronized (this) {
      c = client;
    }
    if (c == null) {
      throw new IllegalStateException("the doctor is not started");
    }
    synchronized (runLock) {
      DoctorReport report = doctor.run(c);
      latest.set(report);
      logChanges(report);
      return report;
    }
  }

  private void runScheduled() {
    try {
      runNow();
    } catch (Throwable t) {
      log.error("node doctor run failed; it runs again in {}", INTERVAL, t);
    }
  }

  private void logChanges(DoctorReport report) {
    List<String> failing = new ArrayList<>();
    for (CheckResult r : report.results()) {
      if (!r.passed()) {
        failing.add(r.check().label() + "=" + r.outcome().label());
      }
    }
    String problems = String.join(", ", failing);
    if (problems.equals(lastProblems)) {
      return;
    }
    lastProblems = problems;
    if (failing.isEmpty()) {
      log.info("node doctor: every check passes");
    } else {
      log.warn("node doctor: {} (details: cri-exporter doctor, cri_node_check_* series)",
          problems);
    }
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (client != null) {
      client.close();
    }
  }
}
