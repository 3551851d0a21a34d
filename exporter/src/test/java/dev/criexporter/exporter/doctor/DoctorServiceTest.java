package dev.criexporter.exporter.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.check.CheckSummary;
import dev.criexporter.exporter.metrics.Collector;
import dev.criexporter.exporter.metrics.Collectors;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The node checks inside a running exporter: run on their own thread, served as series. */
class DoctorServiceTest {

  static ExporterConfig config(Set<String> disabled) {
    return ExporterConfig.builder().listen(new InetSocketAddress("127.0.0.1", 0))
        .hostRoot(Fixtures.root("v2-healthy")).pollInterval(Duration.ofMillis(200))
        .criTimeout(Duration.ofMillis(200)).collectors(Set.of(), disabled).build();
  }

  static String text(Exporter e) {
    return e.renderedText();
  }

  @Test
  void theBoundCollectorServesWhatTheServiceThreadFound() {
    FakeCri cri = new FakeCri().containerd(true, "overlayfs");
    DoctorService service = new DoctorService(config(Set.of()), () -> cri, Fixtures.CLOCK);
    List<Collector> bound = service.bind(Collectors.select(Set.of(), Set.of()));
    DoctorCollector collector = bound.stream().filter(c -> c instanceof DoctorCollector)
        .map(c -> (DoctorCollector) c).findFirst().orElseThrow();
    assertThat(bound).hasSameSizeAs(Collectors.select(Set.of(), Set.of()));
    try {
      service.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> service.latest().isPresent());
      assertThat(cri.calls).contains("Version", "Status", "ListContainerStats");
      String text = DoctorCollectorTest.render(collector, DoctorCollectorTest.snapshot(
          new CheckSummary(true, List.of(), List.of(), Map.of(), Map.of(), Map.of())));
      assertThat(text).contains(
          "cri_node_check_ok{check=\"kernel\",severity=\"warning\"} 1.0",
          "cri_node_check_info{check=\"runtime\",value=\"containerd\"} 1",
          "cri_node_check_ok{check=\"cgroup_driver\",severity=\"critical\"} 1.0",
          "cri_node_doctor_last_run_timestamp_seconds 1.7145648E9");
    } finally {
      service.close();
    }
    assertThat(cri.closed).isTrue();
  }

  @Test
  void withoutTheDoctorCollectorNothingStarts() {
    AtomicInteger opened = new AtomicInteger();
    DoctorService service = new DoctorService(config(Set.of()), () -> {
      opened.incrementAndGet();
      return new FakeCri();
    }, Fixtures.CLOCK);
    service.bind(Collectors.select(Set.of(), Set.of("doctor")));
    service.start();
    service.close();
    assertThat(opened).hasValue(0);
    assertThat(service.latest()).isEmpty();
    assertThatIllegalStateException().isThrownBy(service::runNow);
  }

  @Test
  void theExporterServesTheChecksFromAClientOfTheirOwn() {
    FakeCri pollClient = new FakeCri().containerd(true, "overlayfs");
    try (Exporter e = Exporter.start(config(Set.of()), pollClient, Clock.systemUTC())) {
      // The doctor probes the fixture root for a socket and finds none.
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(text(e)).contains(
          "cri_node_check_ok{check=\"kernel\",severity=\"warning\"} 1.0",
          "cri_node_check_info{check=\"kernel\",value=\"6.1.0-18-amd64\"} 1",
          "cri_node_check_ok{check=\"runtime\",severity=\"critical\"} 0.0",
          "cri_node_check_info{check=\"runtime\",value=\"unreachable\"} 1",
          "cri_node_doctor_last_run_timestamp_seconds"));
      assertThat(pollClient.calls).doesNotContain("Status", "ListMetricDescriptors");
    }
  }

  @Test
  void withTheCollectorOffTheExporterServesNoChecks() {
    try (Exporter e = Exporter.start(config(Set.of("doctor")), new FakeCri(),
        Clock.systemUTC())) {
      await().atMost(Duration.ofSeconds(20)).until(() -> e.completedPolls() >= 3);
      assertThat(text(e)).doesNotContain("cri_node_check");
    }
  }
}
