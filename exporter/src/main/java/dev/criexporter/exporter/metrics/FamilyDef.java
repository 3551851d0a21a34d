package dev.criexporter.exporter.metrics;

import java.util.List;

/**
 * One metric family, as it appears in the exposition and in docs/metrics.md.
 *
 * @param name the exposition name; counters end in {@code _total}
 * @param type counter or gauge
 * @param help the HELP text
 * @param unit the unit in words (seconds, bytes, ...), for the docs; empty for plain counts
 * @param extraLabels label keys beyond the per-container ones (e.g. {@code device}, {@code interface})
 * @param source where the value comes from, for the docs (e.g. {@code CRI ContainerStats.cpu})
 * @param perContainer whether series carry the container label set
 */
public record FamilyDef(String name, Type type, String help, String unit, List<String> extraLabels,
    String source, boolean perContainer) {

  /** Prometheus metric types this exporter emits from snapshots. */
  public enum Type { COUNTER, GAUGE, INFO }

  public FamilyDef {
    extraLabels = List.copyOf(extraLabels);
    if (type == Type.COUNTER && !name.endsWith("_total")) {
      throw new IllegalArgumentException("counter " + name + " must end in _total");
    }
    if (type == Type.INFO && !name.endsWith("_info")) {
      throw new IllegalArgumentException("info metric " + name + " must end in _info");
    }
    if (help.isBlank()) {
      throw new IllegalArgumentException(name + " needs a help text");
    }
  }

  /** A per-container counter. */
  public static FamilyDef counter(String name, String unit, String help, String source,
      String... extraLabels) {
    return new FamilyDef(name, Type.COUNTER, help, unit, List.of(extraLabels), source, true);
  }

  /** A per-container gauge. */
  public static FamilyDef gauge(String name, String unit, String help, String source,
      String... extraLabels) {
    return new FamilyDef(name, Type.GAUGE, help, unit, List.of(extraLabels), source, true);
  }

  /** A node-level gauge (no container labels). */
  public static FamilyDef nodeGauge(String name, String unit, String help, String source,
      String... labels) {
    return new FamilyDef(name, Type.GAUGE, help, unit, List.of(labels), source, false);
  }

  /** A node-level counter (no container labels). */
  public static FamilyDef nodeCounter(String name, String unit, String help, String source,
      String... labels) {
    return new FamilyDef(name, Type.COUNTER, help, unit, List.of(labels), source, false);
  }

  /** A node-level info metric: its labels carry the facts, its value is always 1. */
  public static FamilyDef nodeInfo(String name, String help, String source, String... labels) {
    return new FamilyDef(name, Type.INFO, help, "", List.of(labels), source, false);
  }

  /**
   * The name the snapshot model wants: counters without {@code _total}, info metrics without
   * {@code _info} (the writers add the suffix).
   */
  public String baseName() {
    return switch (type) {
      case COUNTER -> name.substring(0, name.length() - "_total".length());
      case INFO -> name.substring(0, name.length() - "_info".length());
      case GAUGE -> name;
    };
  }
}
