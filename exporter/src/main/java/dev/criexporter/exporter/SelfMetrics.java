package dev.criexporter.exporter;

import dev.criexporter.cri.CallObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The exporter's own metrics that change between polls, kept in Micrometer. */
public final class SelfMetrics implements CallObserver {

  private static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private final MeterRegistry registry;
  private final Timer pollDuration;
  private final Timer scrapeDuration;
  private final ConcurrentHashMap<String, Counter> pollErrors = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> anomalies = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> calls = new ConcurrentHashMap<>();
  private final AtomicLong series = new AtomicLong();
  private final AtomicLong bodyBytes = new AtomicLong();
  private final AtomicLong gzipBytes = new AtomicLong();

  public SelfMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.pollDuration = Timer.builder("cri_exporter_poll_duration")
        .description("Wall time of one poll: CRI calls, cgroup reads and rendering.")
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
    this.scrapeDuration = Timer.builder("cri_exporter_scrape_duration")
        .description("Time to answer one /metrics request from the rendered snapshot.")
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
    Gauge.builder("cri_exporter_series", series, AtomicLong::doubleValue)
        .description("Series in the last rendered snapshot (container and runtime families).")
        .register(registry);
    Gauge.builder("cri_exporter_exposition_bytes", bodyBytes, AtomicLong::doubleValue)
        .description("Size of the last rendered text exposition in bytes, by encoding.")
        .tag("encoding", "identity")
        .register(registry);
    Gauge.builder("cri_exporter_exposition_bytes", gzipBytes, AtomicLong::doubleValue)
        .description("Size of the last rendered text exposition in bytes, by encoding.")
        .tag("encoding", "gzip")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("cri_exporter_cri_answers_repaired",
            this, m -> dev.criexporter.cri.GrpcCriClient.repairedAnswers())
        .description("CRI answers that carried invalid UTF-8 in a string and were decoded with"
            + " replacement characters instead of being refused.")
        .register(registry);
    for (String r : new String[] {"unavailable", "deadline_exceeded", "unimplemented",
        "protocol", "other", "internal"}) {
      pollError(r);
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Records a finished poll. */
  public void pollFinished(long nanos) {
    pollDuration.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Records a served scrape. */
  public void scrapeServed(long nanos) {
    scrapeDuration.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Counts a poll that failed as a whole, by reason. */
  public void pollError(String reason, int n) {
    pollError(reason).increment(n);
  }

  private Counter pollError(String reason) {
    return pollErrors.computeIfAbsent(reason, r -> Counter.builder("cri_exporter_poll_errors")
        .description("Polls that failed as a whole, by reason.")
        .tag("reason", r)
        .register(registry));
  }

  /** Counts per-container conditions a poll worked around, by reason. */
  public void anomaly(String reason, int n) {
    anomalies.computeIfAbsent(reason, r -> Counter.builder("cri_exporter_poll_anomalies")
        .description("Per-container conditions a poll worked around (container vanished"
            + " mid-poll, stats for an unknown id, ...), by reason.")
        .tag("reason", r)
        .register(registry)).increment(n);
  }

  /** Sets the size figures of the latest rendering. */
  public void rendered(long seriesCount, long plainBytes, long gzippedBytes) {
    series.set(seriesCount);
    bodyBytes.set(plainBytes);
    gzipBytes.set(gzippedBytes);
  }

  @Override
  public void onCall(String method, String code, long nanos) {
    calls.computeIfAbsent(method + '\0' + code, k -> Timer.builder("cri_exporter_cri_request_duration")
        .description("Latency of CRI calls by method and gRPC status code.")
        .tag("method", method)
        .tag("code", code)
        .serviceLevelObjectives(BUCKETS)
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }
}
