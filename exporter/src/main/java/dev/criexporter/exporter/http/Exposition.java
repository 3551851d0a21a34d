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
  private volatile Rendered current;

  public Exposition(PrometheusMeterRegistry registry) {
    this.registry = registry;
    registry.getPrometheusRegistry().register(this);
    this.current = Rendered.of(registry.getPrometheusRegistry().scrape());
  }

  /** Replaces the poll-built families and renders everything. Called from the poll thread. */
  public Rendered publish(List<MetricSnapshot> pollFamilies) {
    this.families = List.copyOf(pollFamilies);
    Rendered r = Rendered.of(registry.getPrometheusRegistry().scrape());
    this.current = r;
    return r;
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
