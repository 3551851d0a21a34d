package dev.criexporter.exporter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.Promtool;
import dev.criexporter.simulator.CgroupLayout;
import dev.criexporter.simulator.CgroupVersion;
import dev.criexporter.simulator.ManualClock;
import dev.criexporter.simulator.cri.FakeHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole /metrics of the exporter against a simulated host with a fixed clock, compared with a
 * checked-in golden file. Families that depend on the JVM or on timing are left out. Regenerate
 * only deliberately: {@code mvn -pl exporter test -Dtest=GoldenExpositionTest
 * -Dcri-exporter.regenerate=true}, then review the diff.
 */
class GoldenExpositionTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/simulated-node.prom");
  static final List<String> UNSTABLE = List.of("jvm_", "process_", "system_",
      "cri_exporter_collector_duration_seconds", "cri_exporter_poll_duration_seconds",
      "cri_exporter_scrape_duration_seconds", "cri_exporter_cri_request_duration_seconds",
      "cri_exporter_build_info", "cri_exporter_exposition_bytes", "cri_exporter_series",
      // Process-wide: counts what other tests in the same JVM made the runtime send.
      "cri_exporter_cri_answers_repaired",
      // Node checks describe the machine the test runs on.
      "cri_node_");

  @TempDir Path root;

  @Test
  void exposititionMatchesTheGoldenFile() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    String text;
    try (FakeHost host = FakeHost.builder(root).containers(6).seed(2024)
        .layout(CgroupLayout.CONTAINERD_SYSTEMD).cgroupVersion(CgroupVersion.V2).clock(clock)
        .start();
         Exporter exporter = SimulatedHosts.exporter(host, CgroupVersion.V2, clock)) {
      host.advance(Duration.ofSeconds(10));
      exporter.pollNow();
      host.advance(Duration.ofSeconds(10));
      exporter.pollNow();
      text = stable(exporter.renderedText()).replace(root.toString(), "/host");
    }
    // For review: target/golden-actual.prom holds this run's output.
    Files.writeString(Path.of("target/golden-actual.prom"), text, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("cri-exporter.regenerate")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, text, StandardCharsets.UTF_8);
    }
    assertThat(text).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    Promtool.checkMetrics(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  /** Drops whole families (HELP, TYPE and samples) whose values depend on the JVM or timing. */
  static String stable(String exposition) {
    List<String> out = new ArrayList<>();
    for (String line : exposition.split("\n", -1)) {
      String name = line.startsWith("# HELP ") || line.startsWith("# TYPE ")
          ? line.substring(7) : line;
      if (UNSTABLE.stream().noneMatch(name::startsWith)) {
        out.add(line);
      }
    }
    return String.join("\n", out);
  }
}
