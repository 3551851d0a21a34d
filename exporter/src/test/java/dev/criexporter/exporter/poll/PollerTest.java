package dev.criexporter.exporter.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cri.CriException;
import dev.criexporter.exporter.SelfMetrics;
import dev.criexporter.exporter.model.ContainerSample;
import dev.criexporter.exporter.model.NodeSnapshot;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PollerTest {
  private final ScriptedCriClient cri = new ScriptedCriClient();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private MutableClock clock;
  private Poller poller;

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeEach
  void setUp() {
    clock = new MutableClock();
    poller = new Poller(cri, clock, Duration.ofSeconds(30), new SelfMetrics(registry),
        null, null, PollPlan.CONTAINERS_ONLY);
  }

  private double counter(String name, String reason) {
    var c = registry.find(name).tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void buildsIdentityFromKubeletLabelsAndVerboseStatus() {
    cri.add(1, "web-1", "shop", "nginx", 5_000_000_000L, 1_000);
    NodeSnapshot s = poller.poll();
    assertThat(s.runtimeUp()).isTrue();
    assertThat(s.stale()).isFalse();
    ContainerSample c = s.containers().get(0);
    assertThat(c.identity().pod()).isEqualTo("web-1");
    assertThat(c.identity().namespace()).isEqualTo("shop");
    assertThat(c.identity().container()).isEqualTo("nginx");
    assertThat(c.identity().image()).isEqualTo("docker.io/library/app:1");
    assertThat(c.identity().cgroupPath()).isEqualTo("/kubepods/burstable/pod-x/" + ScriptedCriClient.id(1));
    assertThat(s.check().enabled()).isFalse();
    assertThat(c.cri().getCpu().getUsageCoreNanoSeconds().getValue()).isEqualTo(5_000_000_000L);
  }

  @Test
  void callsListOncePerPollAndStatusOncePerContainer() {
    cri.add(1, "a", "ns", "c", 1, 1);
    cri.add(2, "b", "ns", "c", 1, 1);
    poller.poll();
    poller.poll();
    poller.poll();
    assertThat(cri.calls("Version")).isEqualTo(1);
    assertThat(cri.calls("ListContainers")).isEqualTo(3);
    assertThat(cri.calls("ListContainerStats")).isEqualTo(3);
    assertThat(cri.calls("ContainerStatus")).isEqualTo(2);
  }

  @Test
  void containerVanishingMidPollIsSkippedAndCounted() {
    cri.add(1, "a", "ns", "c", 1, 1);
    cri.add(2, "b", "ns", "c", 1, 1);
    cri.statusNotFound.add(ScriptedCriClient.id(2));
    cri.stats.remove(ScriptedCriClient.id(2));
    NodeSnapshot s = poller.poll();
    assertThat(s.containers()).extracting(x -> x.identity().pod()).containsExactly("a");
    assertThat(counter("cri_exporter_poll_anomalies", "vanished")).isEqualTo(1);
  }

  @Test
  void runningContainerWithoutStatsIsKeptWithoutValuesAndCounted() {
    cri.add(1, "a", "ns", "c", 1, 1);
    cri.stats.clear();
    NodeSnapshot s = poller.poll();
    assertThat(s.containers()).singleElement().satisfies(c -> assertThat(c.hasCriStats()).isFalse());
    assertThat(counter("cri_exporter_poll_anomalies", "missing_stats")).isEqualTo(1);
  }

  @Test
  void statsForAnUnknownIdAreIgnoredAndCounted() {
    cri.add(1, "a", "ns", "c", 1, 1);
    cri.add(2, "b", "ns", "c", 1, 1);
    cri.containers.remove(ScriptedCriClient.id(2));
    NodeSnapshot s = poller.poll();
    assertThat(s.containers()).hasSize(1);
    assertThat(counter("cri_exporter_poll_anomalies", "unknown_container_stats")).isEqualTo(1);
  }

  @Test
  void failedPollServesLastGoodDataAsStaleThenDropsIt() {
    cri.add(1, "a", "ns", "c", 1, 1);
    NodeSnapshot good = poller.poll();
    cri.failWith = new CriException(CriException.Kind.DEADLINE_EXCEEDED, "ListContainers",
        Status.Code.DEADLINE_EXCEEDED, "slow", null);
    clock.now = clock.now.plusSeconds(10);
    NodeSnapshot stale = poller.poll();
    assertThat(stale.runtimeUp()).isFalse();
    assertThat(stale.stale()).isTrue();
    assertThat(stale.containers()).isEqualTo(good.containers());
    assertThat(stale.lastSuccess()).isEqualTo(good.lastSuccess());
    assertThat(counter("cri_exporter_poll_errors", "deadline_exceeded")).isEqualTo(1);

    clock.now = clock.now.plusSeconds(60);
    NodeSnapshot dropped = poller.poll();
    assertThat(dropped.containers()).isEmpty();
    assertThat(dropped.stale()).isFalse();

    cri.failWith = null;
    NodeSnapshot back = poller.poll();
    assertThat(back.runtimeUp()).isTrue();
    assertThat(back.containers()).hasSize(1);
    // Version is asked again after every failure, until the runtime answers.
    assertThat(cri.calls("Version")).isEqualTo(3);
  }

  @Test
  void unexpectedExceptionsNeverEscape() {
    cri.add(1, "a", "ns", "c", 1, 1);
    cri.failWith = null;
    Poller broken = new Poller(new ScriptedCriClient() {
      @Override
      public java.util.List<dev.criexporter.cri.v1.ContainerStats> listContainerStats() {
        throw new IllegalStateException("boom");
      }
    }, clock, Duration.ofSeconds(30), new SelfMetrics(registry), null, null, PollPlan.CONTAINERS_ONLY);
    NodeSnapshot s = broken.poll();
    assertThat(s.runtimeUp()).isFalse();
    assertThat(counter("cri_exporter_poll_errors", "internal")).isEqualTo(1);
  }
}
