package dev.criexporter.exporter.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link FamilySink} that keeps samples per family and builds the snapshot model once. Samples
 * of one family with identical labels keep only the first (a duplicate series would make the
 * whole exposition invalid); non-finite values are dropped.
 */
public final class SnapshotBuilder implements FamilySink {

  private final Map<FamilyDef, Family> families = new LinkedHashMap<>();
  private int dropped;

  private static final class Family {
    final List<Labels> labels = new ArrayList<>();
    final List<Double> values = new ArrayList<>();
    final java.util.Set<Labels> seen = new java.util.HashSet<>();
  }

  @Override
  public void add(FamilyDef family, Labels labels, double value) {
    if (!Double.isFinite(value)) {
      dropped++;
      return;
    }
    Family f = families.computeIfAbsent(family, k -> new Family());
    if (!f.seen.add(labels)) {
      dropped++;
      return;
    }
    f.labels.add(labels);
    f.values.add(value);
  }

  /**
   * Merges everything another builder collected (used after a collector succeeded). A family this
   * builder has no samples of yet is taken over whole: its samples were already checked once.
   */
  public void addAll(SnapshotBuilder other) {
    other.families.forEach((def, f) -> {
      Family mine = families.get(def);
      if (mine == null || mine.values.isEmpty()) {
        families.put(def, f);
        return;
      }
      for (int i = 0; i < f.labels.size(); i++) {
        add(def, f.labels.get(i), f.values.get(i));
      }
    });
    dropped += other.dropped;
  }

  /** Declares a family so it is present (with HELP/TYPE) even when it has no samples. */
  public void declare(FamilyDef family) {
    families.computeIfAbsent(family, k -> new Family());
  }

  /** Samples rejected as non-finite or duplicate. */
  public int dropped() {
    return dropped;
  }

  /** Number of samples held. */
  public int sampleCount() {
    int n = 0;
    for (Family f : families.values()) {
      n += f.values.size();
    }
    return n;
  }

  /** Builds the families that have at least one sample. */
  public List<MetricSnapshot> build() {
    List<MetricSnapshot> out = new ArrayList<>(families.size());
    families.forEach((def, f) -> {
      if (f.values.isEmpty()) {
        return;
      }
      if (def.type() == FamilyDef.Type.COUNTER) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(def.baseName()).help(def.help());
        for (int i = 0; i < f.values.size(); i++) {
          b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
              .labels(f.labels.get(i)).value(f.values.get(i)).build());
        }
        out.add(b.build());
      } else if (def.type() == FamilyDef.Type.INFO) {
        InfoSnapshot.Builder b = InfoSnapshot.builder().name(def.baseName()).help(def.help());
        for (int i = 0; i < f.values.size(); i++) {
          b.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(f.labels.get(i)).build());
        }
        out.add(b.build());
      } else {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(def.baseName()).help(def.help());
        for (int i = 0; i < f.values.size(); i++) {
          b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
              .labels(f.labels.get(i)).value(f.values.get(i)).build());
        }
        out.add(b.build());
      }
    });
    return out;
  }
}
