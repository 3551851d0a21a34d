package dev.criexporter.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.exporter.model.NodeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorRunnerTest {

  static final FamilyDef GOOD = FamilyDef.nodeGauge("test_good", "", "good", "test");
  static final FamilyDef HALF = FamilyDef.nodeGauge("test_half", "", "half", "test");

  record Fixed(String name, boolean fail) implements Collector {
    @Override
    public String description() {
      return name;
    }

    @Override
    public boolean enabledByDefault() {
      return true;
    }

    @Override
    public List<FamilyDef> families() {
      return List.of(GOOD, HALF);
    }

    @Override
    public void collect(CollectContext ctx, FamilySink out) {
      out.add(fail ? HALF : GOOD, Labels.EMPTY, 1);
      if (fail) {
        throw new IllegalStateException("broken collector");
      }
    }
  }

  @Test
  void aFailingCollectorLosesOnlyItsOwnSamples() {
    CollectorRunner r = new CollectorRunner(List.of(new Fixed("ok", false), new Fixed("bad", true)),
        new LabelScheme(LabelScheme.Mode.CADVISOR, List.of()));
    CollectorRunner.Result res = r.run(NodeSnapshot.empty(Instant.EPOCH));
    List<String> names = res.families().stream().map(m -> m.getMetadata().getName()).toList();
    assertThat(names).contains("test_good", "cri_exporter_collector_success")
        .doesNotContain("test_half");
    MetricSnapshot success = res.families().stream()
        .filter(m -> m.getMetadata().getName().equals("cri_exporter_collector_success"))
        .findFirst().orElseThrow();
    assertThat(((GaugeSnapshot) success).getDataPoints())
        .extracting(d -> d.getLabels().get("collector") + "=" + d.getValue())
        .containsExactlyInAnyOrder("ok=1.0", "bad=0.0");
  }

  @Test
  void duplicateAndNonFiniteSamplesAreDropped() {
    SnapshotBuilder b = new SnapshotBuilder();
    b.add(GOOD, Labels.of("a", "1"), 1);
    b.add(GOOD, Labels.of("a", "1"), 2);
    b.add(GOOD, Labels.of("a", "2"), Double.NaN);
    assertThat(b.sampleCount()).isEqualTo(1);
    assertThat(b.dropped()).isEqualTo(2);
  }

  @Test
  void collectorSelectionFollowsFlagsAndRejectsUnknownNames() {
    assertThat(Collectors.select(java.util.Set.of(), java.util.Set.of("memory")))
        .extracting(Collector::name).doesNotContain("memory").contains("runtime", "cpu");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> Collectors.select(java.util.Set.of("gpu"), java.util.Set.of()))
        .hasMessageContaining("--collector.gpu");
  }
}
