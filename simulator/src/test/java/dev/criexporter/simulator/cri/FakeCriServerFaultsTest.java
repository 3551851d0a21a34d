package dev.criexporter.simulator.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cri.v1.ContainerStatsRequest;
import dev.criexporter.cri.v1.ListContainerStatsRequest;
import dev.criexporter.cri.v1.ListContainersRequest;
import dev.criexporter.cri.v1.ListPodSandboxStatsRequest;
import dev.criexporter.cri.v1.VersionRequest;
import dev.criexporter.simulator.ManualClock;
import dev.criexporter.simulator.SimContainer;
import dev.criexporter.simulator.SimulatedNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FakeCriServerFaultsTest {

  @TempDir
  Path host;

  private final SimulatedNode node = SimulatedNode.builder().seed(23).containers(30)
      .clock(new ManualClock(Instant.parse("2024-05-01T12:00:00Z"))).build();
  private FakeCriServer server;
  private CriTestClient client;

  @BeforeEach
  void start() throws Exception {
    server = FakeCriServer.builder(node).hostRoot(host).start();
    client = new CriTestClient(server.socketPath());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  private static ContainerStatsRequest statsOf(SimContainer c) {
    return ContainerStatsRequest.newBuilder().setContainerId(c.id()).build();
  }

  private static void assertCode(ThrowingCallable call, Status.Code code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }

  @Test
  void aDelayLongerThanTheClientDeadlineIsDeadlineExceeded() {
    server.faults().delay(CriMethod.LIST_CONTAINER_STATS, Duration.ofMillis(1_500));
    long t0 = System.nanoTime();
    ListContainerStatsRequest all = ListContainerStatsRequest.getDefaultInstance();
    assertCode(() -> client.stub(Duration.ofMillis(300)).listContainerStats(all), Status.Code.DEADLINE_EXCEEDED);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1_400));
    // Other methods are not delayed; a patient caller gets the delayed answer.
    assertThat(client.stub().version(VersionRequest.getDefaultInstance()).getRuntimeName()).isEqualTo("containerd");
    t0 = System.nanoTime();
    assertThat(client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance()).getStatsCount())
        .isEqualTo(30);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1_400));
  }

  @Test
  void delayedCallsDoNotHoldEachOtherUp() throws Exception {
    server.faults().delay(CriMethod.VERSION, Duration.ofMillis(500));
    long t0 = System.nanoTime();
    CompletableFuture<?>[] calls = new CompletableFuture<?>[10];
    for (int i = 0; i < calls.length; i++) {
      calls[i] = CompletableFuture.runAsync(() -> client.stub().version(VersionRequest.getDefaultInstance()));
    }
    CompletableFuture.allOf(calls).get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2_500));
    assertThat(server.calls(CriMethod.VERSION)).isEqualTo(10);
  }

  @Test
  void aHungMethodNeverAnswers() {
    server.faults().hang(CriMethod.LIST_CONTAINERS);
    assertCode(() -> client.stub(Duration.ofMillis(300)).listContainers(ListContainersRequest.getDefaultInstance()),
        Status.Code.DEADLINE_EXCEEDED);
    server.faults().clear(CriMethod.LIST_CONTAINERS);
    assertThat(client.stub().listContainers(ListContainersRequest.getDefaultInstance()).getContainersCount())
        .isEqualTo(30);
  }

  @ParameterizedTest
  @EnumSource(value = Status.Code.class, names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "UNIMPLEMENTED", "INTERNAL"})
  void injectedErrorsArriveWithTheirCode(Status.Code code) {
    server.faults().fail(CriMethod.VERSION, code);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> client.stub().version(VersionRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains("injected fault");
          });
    }
    server.faults().clear();
    assertThat(client.stub().version(VersionRequest.getDefaultInstance()).getRuntimeName()).isEqualTo("containerd");
  }

  @Test
  void aCountedFailureStopsAfterItsCount() {
    server.faults().fail(CriMethod.LIST_CONTAINER_STATS, Status.Code.UNAVAILABLE, 2);
    assertCode(() -> client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance()),
        Status.Code.UNAVAILABLE);
    assertCode(() -> client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance()),
        Status.Code.UNAVAILABLE);
    assertThat(client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance()).getStatsCount())
        .isEqualTo(30);
  }

  @Test
  void aFailureAfterSomeCallsFailsEveryLaterOne() {
    server.faults().failAfter(CriMethod.LIST_CONTAINER_STATS, 2, Status.Code.UNAVAILABLE);
    for (int i = 0; i < 2; i++) {
      assertThat(client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance())
          .getStatsCount()).isEqualTo(30);
    }
    for (int i = 0; i < 3; i++) {
      assertCode(() -> client.stub().listContainerStats(
          ListContainerStatsRequest.getDefaultInstance()), Status.Code.UNAVAILABLE);
    }
    server.faults().clear(CriMethod.LIST_CONTAINER_STATS);
    assertThat(client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance())
        .getStatsCount()).isEqualTo(30);
  }

  @Test
  void statsForAContainerNobodyListed() {
    String ghost = "a".repeat(64);
    server.faults().reportUnknownContainer(ghost);
    var stats = client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance()).getStatsList();
    var listed = client.stub().listContainers(ListContainersRequest.getDefaultInstance()).getContainersList();
    assertThat(stats).hasSize(31).anyMatch(s -> s.getAttributes().getId().equals(ghost));
    assertThat(listed).hasSize(30).noneMatch(c -> c.getId().equals(ghost));
  }

  @Test
  void aContainerThatVanishedMidPollIsListedButHasNoStats() {
    SimContainer c = node.containers().get(7);
    server.faults().omitFromStats(c.id());
    assertThat(client.stub().listContainers(ListContainersRequest.getDefaultInstance()).getContainersList())
        .anyMatch(x -> x.getId().equals(c.id()));
    assertThat(client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance()).getStatsList())
        .hasSize(29).noneMatch(s -> s.getAttributes().getId().equals(c.id()));
    assertThat(client.stub().listPodSandboxStats(ListPodSandboxStatsRequest.getDefaultInstance()).getStatsList()
        .stream().mapToInt(p -> p.getLinux().getContainersCount()).sum()).isEqualTo(29);
    assertCode(() -> client.stub().containerStats(statsOf(c)),
        Status.Code.NOT_FOUND);
  }

  @Test
  void oneFailingContainerFailsTheWholeList() {
    SimContainer c = node.containers().get(9);
    server.faults().failStatsFor(c.id(), Status.Code.INTERNAL);
    assertThatThrownBy(() -> client.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
          assertThat(e.getStatus().getDescription()).contains(c.id());
        });
    assertCode(() -> client.stub().listPodSandboxStats(ListPodSandboxStatsRequest.getDefaultInstance()),
        Status.Code.INTERNAL);
    assertCode(() -> client.stub().containerStats(statsOf(c)),
        Status.Code.INTERNAL);
    SimContainer other = node.containers().get(10);
    assertThat(client.stub().containerStats(ContainerStatsRequest.newBuilder().setContainerId(other.id()).build())
        .getStats().getAttributes().getId()).isEqualTo(other.id());
  }

  @Test
  void hugeLabelsMakeAnswersBiggerThanAClientAccepts() throws Exception {
    server.faults().hugeLabels(200_000);
    assertCode(() -> client.stub().listContainers(ListContainersRequest.getDefaultInstance()),
        Status.Code.RESOURCE_EXHAUSTED);
    try (CriTestClient roomy = new CriTestClient(server.socketPath(), 64 << 20)) {
      var containers = roomy.stub().listContainers(ListContainersRequest.getDefaultInstance())
          .getContainersList();
      assertThat(containers).hasSize(30).allSatisfy(x ->
          assertThat(x.getLabelsOrThrow(Messages.HUGE_LABEL)).hasSize(200_000));
      assertThat(roomy.stub().listContainerStats(ListContainerStatsRequest.getDefaultInstance()).getStats(0)
          .getAttributes().getLabelsOrThrow(Messages.HUGE_LABEL)).hasSize(200_000);
    }
  }
}
