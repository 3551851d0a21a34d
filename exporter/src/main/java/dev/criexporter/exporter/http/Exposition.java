package dev.criexporter.exporter.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;

/**
 * Holds the latest rendered exposition. Each poll publishes its families; they are rendered
 * together with the exporter's own Micrometer meters, once, and every scrape until the next poll
 * is served from that rendering. Scrapes therefore cost no runtime calls and no rendering.
 */
public final class Exposition implements MultiCollector {

  private final PrometheusMeterRegistry registry;
  private volatile List<MetricSnapshot> families = List.of();
  private final ChunkPool pool = new ChunkPool(64);
  private volatile Rendered current;

  public Exposition(PrometheusMeterRegistry registry) {
    this.registry = registry;
    registry.getPrometheusRegistry().register(this);
    this.current = Rendered.of(registry.getPrometheusRegistry().scrape(), pool);
  }

  /**
   * Replaces the poll-built families and renders everything. Called from the poll thread. The
   * replaced rendering is released; scrapes still sending it keep it until they finish.
   */
  public Rendered publish(List<MetricSnapshot> pollFamilies) {
    this.families = List.copyOf(pollFamilies);
    Rendered r = Rendered.of(registry.getPrometheusRegistry().scrape(), pool);
    Rendered old = this.current;
    this.current = r;
    old.release();
    // Keep enough free chunks for the next rendering and one in flight; let bodies built once
    // for a rare client (plain text, OpenMetrics) go back to the garbage collector.
    pool.retainLimit(2 * r.textGzipChunks() + 16);
    return r;
  }

  /** The latest rendering's text body, whatever polls publish meanwhile (tests, tools). */
  public String text() {
    for (;;) {
      Rendered r = current;
      if (r.retain()) {
        try {
          return r.text();
        } finally {
          r.release();
        }
      }
    }
  }

  /** Everything the next rendering would contain, as the model (tests, tools). */
  public MetricSnapshots scrapeAll() {
    return registry.getPrometheusRegistry().scrape();
  }

  /** The chunk pool renderings are written into. */
  public ChunkPool pool() {
    return pool;
  }

  /** The latest rendering. */
  public Rendered current() {
    return current;
  }

  @Override
  public MetricSnapshots collect() {
    return new MetricSnapshots(families);
  }
}
