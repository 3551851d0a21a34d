package dev.criexporter.exporter.metrics;

import dev.criexporter.exporter.model.NodeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the enabled collectors over a snapshot, timing each. A collector that throws loses only
 * its own samples for that poll; the others and the scrape are unaffected.
 */
public final class CollectorRunner {
  private static final Logger log = LoggerFactory.getLogger(CollectorRunner.class);

  public static final FamilyDef SUCCESS = FamilyDef.nodeGauge("cri_exporter_collector_success", "",
      "1 if the collector succeeded in the last poll, 0 if it failed.", "collector runner",
      "collector");
  public static final FamilyDef DURATION = FamilyDef.nodeGauge(
      "cri_exporter_collector_duration_seconds", "seconds",
      "How long the collector took in the last poll.", "collector runner", "collector");

  private final List<Collector> collectors;
  private final LabelScheme labels;
  private final java.util.Set<String> failing = new java.util.HashSet<>();

  public CollectorRunner(List<Collector> collectors, LabelScheme labels) {
    this.collectors = List.copyOf(collectors);
    this.labels = labels;
  }

  public List<Collector> collectors() {
    return collectors;
  }

  public LabelScheme labelScheme() {
    return labels;
  }

  /** Result of one run: the families and the number of samples. */
  public record Result(List<MetricSnapshot> families, int samples) {
  }

  /** Turns a snapshot into metric families. Never throws because of a collector. */
  public Result run(NodeSnapshot snapshot) {
    CollectContext ctx = CollectContext.of(snapshot, labels);
    SnapshotBuilder all = new SnapshotBuilder();
    SnapshotBuilder self = new SnapshotBuilder();
    for (Collector c : collectors) {
      SnapshotBuilder mine = new SnapshotBuilder();
      long start = System.nanoTime();
      boolean ok;
      try {
        c.collect(ctx, mine);
        all.addAll(mine);
        ok = true;
        if (failing.remove(c.name())) {
          log.info("collector {} recovered", c.name());
        }
      } catch (RuntimeException | StackOverflowError e) {
        ok = false;
        if (failing.add(c.name())) {
          log.error("collector {} failed; its families are left out until it recovers", c.name(),
              e);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Labels l = Labels.of("collector", c.name());
      self.add(SUCCESS, l, ok ? 1 : 0);
      self.add(DURATION, l, seconds);
    }
    all.addAll(self);
    return new Result(all.build(), all.sampleCount());
  }
}
