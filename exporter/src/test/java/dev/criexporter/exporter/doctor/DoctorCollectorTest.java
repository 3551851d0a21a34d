package dev.criexporter.exporter.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cgroup.path.CgroupNameStyle;
import dev.criexporter.cgroup.path.ContainerCgroup;
import dev.criexporter.exporter.Promtool;
import dev.criexporter.exporter.check.CheckSummary;
import dev.criexporter.exporter.http.Rendered;
import dev.criexporter.exporter.metrics.CollectorRunner;
import dev.criexporter.exporter.metrics.Collectors;
import dev.criexporter.exporter.metrics.LabelScheme;
import dev.criexporter.exporter.model.NodeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The doctor's series: from the cached report plus the cross-check of the poll's snapshot. */
class DoctorCollectorTest {

  static DoctorReport report(String root, Consumer<FakeCri> runtime) {
    FakeCri cri = new FakeCri();
    runtime.accept(cri);
    return new Doctor(Fixtures.paths(Fixtures.root(root)), Fixtures.CLOCK).run(cri);
  }

  static NodeSnapshot snapshot(CheckSummary check) {
    return new NodeSnapshot(Instant.parse("2024-05-01T12:00:10Z"), true, Optional.empty(),
        List.of(), List.of(), false, Optional.of(Instant.parse("2024-05-01T12:00:10Z")),
        Optional.of(CgroupMode.UNIFIED), check, Map.of());
  }

  static String render(DoctorCollector collector, NodeSnapshot snapshot) {
    CollectorRunner runner = new CollectorRunner(List.of(collector),
        new LabelScheme(LabelScheme.Mode.CADVISOR, List.of()));
    return Rendered.of(new MetricSnapshots(runner.run(snapshot).families())).text();
  }

  @Test
  void everyCheckBecomesOkUnknownAndInfoSeries() throws Exception {
    DoctorReport legacy = report("v1-legacy", DoctorFixtureTest.webPod(false));
    ContainerCgroup ghost = new ContainerCgroup(Fixtures.GHOST,
        "kubepods/besteffort/pod1/" + Fixtures.GHOST, CgroupNameStyle.BARE_ID);
    String text = render(new DoctorCollector(() -> Optional.of(legacy)), snapshot(
        new CheckSummary(true, List.of(ghost), List.of(), Map.of(), Map.of(), Map.of())));

    assertThat(text).contains(
        "cri_node_check_ok{check=\"cgroup_mode\",severity=\"warning\"} 0.0",
        "cri_node_check_ok{check=\"cgroup_controllers\",severity=\"critical\"} 1.0",
        "cri_node_check_ok{check=\"ip_forward\",severity=\"critical\"} 1.0",
        "cri_node_check_ok{check=\"crosscheck\",severity=\"warning\"} 0.0",
        "cri_node_check_unknown{check=\"psi\"} 0.0",
        "cri_node_check_info{check=\"cgroup_mode\",value=\"v1\"} 1",
        "cri_node_check_info{check=\"cgroup_driver\",value=\"cgroupfs\"} 1",
        "cri_node_check_info{check=\"kernel\",value=\"5.4.0-150-generic\"} 1",
        "cri_node_check_info{check=\"crosscheck\",value=\"ghosts\"} 1",
        "cri_node_doctor_last_run_timestamp_seconds 1.7145648E9");
    for (CheckId id : CheckId.values()) {
      assertThat(text).contains("cri_node_check_unknown{check=\"" + id.label() + "\"}");
    }
    assertThat(text.lines().filter(l -> l.startsWith("cri_node_"))).hasSize(
        3 * CheckId.values().length + 2);
    Promtool.checkMetrics(text);
  }

  @Test
  void anUnknownCheckHasNoOkSeries() {
    DoctorReport noKubelet = report("no-kubelet-config", DoctorFixtureTest.webPod(true));
    String text = render(new DoctorCollector(() -> Optional.of(noKubelet)),
        snapshot(new CheckSummary(true, List.of(), List.of(), Map.of(), Map.of(), Map.of())));
    assertThat(text).contains("cri_node_check_unknown{check=\"cgroup_driver\"} 1.0",
            "cri_node_check_info{check=\"cgroup_driver\",value=\"systemd\"} 1",
            "cri_node_check_ok{check=\"crosscheck\",severity=\"warning\"} 1.0")
        .doesNotContain("cri_node_check_ok{check=\"cgroup_driver\"");
  }

  @Test
  void beforeTheFirstRunOnlyTheCrossCheckIsExported() {
    String text = render(new DoctorCollector(), NodeSnapshot.empty(Instant.EPOCH));
    assertThat(text.lines().filter(l -> l.startsWith("cri_node_"))).containsExactlyInAnyOrder(
        "cri_node_check_unknown{check=\"crosscheck\"} 1.0",
        "cri_node_check_info{check=\"crosscheck\",value=\"unknown\"} 1");
  }

  @Test
  void isRegisteredOnByDefault() {
    assertThat(Collectors.select(Set.of(), Set.of()))
        .anyMatch(c -> c instanceof DoctorCollector);
    assertThat(new DoctorCollector().families()).extracting(f -> f.name()).containsExactly(
        "cri_node_check_ok", "cri_node_check_unknown", "cri_node_check_info",
        "cri_node_doctor_last_run_timestamp_seconds", "cri_node_doctor_duration_seconds");
  }
}
