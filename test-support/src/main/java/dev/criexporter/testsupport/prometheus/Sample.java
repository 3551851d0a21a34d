package dev.criexporter.testsupport.prometheus;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** One element of an instant query's result: a series' labels (with {@code __name__} if kept) and its value. */
public record Sample(Map<String, String> labels, Instant timestamp, double value) {

  public Sample {
    labels = Map.copyOf(labels);
  }

  /** The value of {@code label}, or "" when the series does not have it (Prometheus' own convention). */
  public String label(String label) {
    return labels.getOrDefault(label, "");
  }

  public boolean isFinite() {
    return Double.isFinite(value);
  }

  @Override
  public String toString() {
    return new TreeMap<>(labels) + " " + value;
  }
}
