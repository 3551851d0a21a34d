package dev.criexporter.exporter.metrics;

import io.prometheus.metrics.model.snapshots.Labels;

/** Where collectors put samples. Implementations decide how they become families. */
public interface FamilySink {

  /** Adds one sample of {@code family} with these complete labels. */
  void add(FamilyDef family, Labels labels, double value);

  /** Adds one sample with the container's labels plus one extra label. */
  default void add(FamilyDef family, Labels containerLabels, String key, String value, double v) {
    add(family, containerLabels.add(key, value), v);
  }
}
