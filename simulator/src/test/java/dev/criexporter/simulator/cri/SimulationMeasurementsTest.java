package dev.criexporter.simulator.cri;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cri.v1.ListContainerStatsRequest;
import dev.criexporter.cri.v1.ListContainerStatsResponse;
import dev.criexporter.simulator.CgroupLayout;
import dev.criexporter.simulator.CgroupTreeWriter;
import dev.criexporter.simulator.CgroupVersion;
import dev.criexporter.simulator.ManualClock;
import dev.criexporter.simulator.SimulatedNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sizes and timings the benchmarks depend on. Tagged "bench" (excluded by default); run with
 * {@code -Dsurefire.excludedGroups= -Dgroups=bench}. Results go to the test's output file.
 */
@Tag("bench")
class SimulationMeasurementsTest {

  private static final Instant START = Instant.parse("2024-05-01T12:00:00Z");

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(CgroupVersion.class)
  void writingATreeOfAThousandContainers(CgroupVersion version) {
    ManualClock clock = new ManualClock(START);
    SimulatedNode node = SimulatedNode.builder().seed(1).containers(1_000).clock(clock).build();
    CgroupTreeWriter tree = CgroupTreeWriter.create(node, dir.resolve("cgroup"), version,
        CgroupLayout.CONTAINERD_SYSTEMD);
    long t0 = System.nanoTime();
    tree.update(clock.instant());
    long full = System.nanoTime() - t0;
    long[] updates = new long[7];
    for (int i = 0; i < updates.length; i++) {
      clock.advance(Duration.ofSeconds(15));
      long t = System.nanoTime();
      tree.update(clock.instant());
      updates[i] = System.nanoTime() - t;
    }
    Arrays.sort(updates);
    long median = updates[updates.length / 2];
    System.out.printf("%s N=1000 (%d pods, %s): full tree %d ms, update median %d ms (min %d, max %d)%n",
        version, node.pods().size(), dir, full / 1_000_000, median / 1_000_000, updates[0] / 1_000_000,
        updates[updates.length - 1] / 1_000_000);
    assertThat(Duration.ofNanos(median)).isLessThan(Duration.ofSeconds(1));
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 1_000, 5_000})
  void listContainerStatsAnswerSize(int containers) throws Exception {
    SimulatedNode node = SimulatedNode.builder().seed(1).containers(containers).clock(new ManualClock(START))
        .build();
    try (FakeCriServer server = FakeCriServer.builder(node).hostRoot(dir).start();
        CriTestClient client = new CriTestClient(server.socketPath(), 64 << 20)) {
      ListContainerStatsResponse r = null;
      long[] times = new long[5];
      for (int i = 0; i < times.length; i++) {
        long t = System.nanoTime();
        r = client.stub(Duration.ofSeconds(30))
            .listContainerStats(ListContainerStatsRequest.getDefaultInstance());
        times[i] = System.nanoTime() - t;
      }
      Arrays.sort(times);
      int bytes = r.getSerializedSize();
      System.out.printf("ListContainerStats N=%d: %d bytes (%.1f per container), call median %d ms%n",
          containers, bytes, bytes / (double) containers, times[times.length / 2] / 1_000_000);
      assertThat(r.getStatsCount()).isEqualTo(containers);
    }
  }
}
