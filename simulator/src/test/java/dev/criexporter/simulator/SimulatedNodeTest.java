package dev.criexporter.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SimulatedNodeTest {

  private static final Instant START = Instant.parse("2024-05-01T12:00:00Z");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern UUID4 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final String KUBE_CHARS = "[bcdfghjklmnpqrstvwxz2456789]";
  private static final Pattern DEPLOYMENT_POD =
      Pattern.compile("[a-z0-9-]+-" + KUBE_CHARS + "{10}-" + KUBE_CHARS + "{5}");
  private static final Pattern DAEMONSET_POD = Pattern.compile("[a-z0-9-]+-" + KUBE_CHARS + "{5}");
  private static final Pattern STATEFULSET_POD = Pattern.compile("[a-z0-9-]+-\\d+");

  private static SimulatedNode node(long seed, int containers, ManualClock clock) {
    return SimulatedNode.builder().seed(seed).containers(containers).clock(clock).build();
  }

  @Test
  void sameSeedSameNodeOtherSeedOtherNode() {
    SimulatedNode a = node(7, 120, new ManualClock(START));
    SimulatedNode b = node(7, 120, new ManualClock(START));
    SimulatedNode c = node(8, 120, new ManualClock(START));
    assertThat(a.containers()).isEqualTo(b.containers());
    assertThat(a.pods()).isEqualTo(b.pods());
    assertThat(c.containers().get(0).id()).isNotEqualTo(a.containers().get(0).id());
  }

  @Test
  void sizesAreExact() {
    assertThat(node(1, 1_000, new ManualClock(START)).containers()).hasSize(1_000);
    assertThat(node(1, 1, new ManualClock(START)).containers()).hasSize(1);
    SimulatedNode grid = SimulatedNode.builder().pods(40, 3).clock(new ManualClock(START)).build();
    assertThat(grid.pods()).hasSize(40);
    assertThat(grid.containers()).hasSize(120);
    grid.pods().forEach(p -> assertThat(grid.state().containersOf(p.uid())).hasSize(3));
  }

  @Test
  void metadataLooksLikeAKubeletsAndIsUnique() {
    SimulatedNode node = node(3, 500, new ManualClock(START));
    Set<String> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (SimPod pod : node.pods()) {
      assertThat(pod.uid()).matches(UUID4);
      assertThat(pod.sandboxId()).matches(HEX64);
      assertThat(ids.add(pod.sandboxId())).isTrue();
      assertThat(names.add(pod.namespace() + "/" + pod.name())).as(pod.name()).isTrue();
      assertThat(pod.name()).satisfiesAnyOf(
          n -> assertThat(n).matches(DEPLOYMENT_POD),
          n -> assertThat(n).matches(DAEMONSET_POD),
          n -> assertThat(n).matches(STATEFULSET_POD));
      assertThat(pod.name()).startsWith(pod.app() + "-");
      assertThat(pod.createdAt()).isBefore(START);
      Set<String> containerNames = new HashSet<>();
      for (SimContainer c : node.state().containersOf(pod.uid())) {
        assertThat(containerNames.add(c.name())).isTrue();
        assertThat(c.sandboxId()).isEqualTo(pod.sandboxId());
        assertThat(c.startedAt()).isAfter(pod.createdAt()).isBefore(START);
        assertThat(c.image().digest()).matches(".+@sha256:[0-9a-f]{64}");
        assertThat(c.image().id()).matches("sha256:[0-9a-f]{64}");
      }
    }
    for (SimContainer c : node.containers()) {
      assertThat(c.id()).matches(HEX64);
      assertThat(ids.add(c.id())).isTrue();
    }
    assertThat(node.pods()).extracting(SimPod::namespace).contains("kube-system", "monitoring", "shop");
    assertThat(node.pods()).extracting(SimPod::qos).contains(QosClass.values());
    assertThat(node.pods()).filteredOn(p -> p.app().equals("kube-proxy")).hasSize(1);
  }

  @Test
  void countersAdvanceWithTimeAndGaugesStayNearTheirMeans() {
    ManualClock clock = new ManualClock(START);
    SimulatedNode node = node(11, 300, clock);
    for (SimContainer c : node.containers()) {
      CgroupSample prev = c.sample(START);
      for (int step = 1; step <= 6; step++) {
        CgroupSample next = c.sample(START.plus(Duration.ofSeconds(37L * step)));
        assertThat(next.cpu().usageNanos()).isGreaterThan(prev.cpu().usageNanos());
        assertThat(next.cpu().userNanos()).isGreaterThanOrEqualTo(prev.cpu().userNanos());
        assertThat(next.cpu().systemNanos()).isGreaterThanOrEqualTo(prev.cpu().systemNanos());
        assertThat(next.cpu().periods()).isGreaterThanOrEqualTo(prev.cpu().periods());
        assertThat(next.cpu().throttledNanos()).isGreaterThanOrEqualTo(prev.cpu().throttledNanos());
        assertThat(next.io().readBytes()).isGreaterThanOrEqualTo(prev.io().readBytes());
        assertThat(next.io().writeOps()).isGreaterThanOrEqualTo(prev.io().writeOps());
        assertThat(next.memory().pgfault()).isGreaterThan(prev.memory().pgfault());
        assertThat(next.memory().pgpgout()).isGreaterThanOrEqualTo(prev.memory().pgpgout());
        assertThat(next.memory().peak()).isGreaterThanOrEqualTo(next.memory().usage());
        assertThat(next.cpuPressure().some().totalMicros())
            .isGreaterThanOrEqualTo(prev.cpuPressure().some().totalMicros());
        prev = next;
      }
      MemoryStats m = prev.memory();
      assertThat(m.usage() % MemoryStats.PAGE_SIZE).isZero();
      assertThat(m.workingSet()).isLessThanOrEqualTo(m.usage());
      assertThat(m.inactiveFile()).isNotNegative();
      assertThat((double) m.anon()).isBetween(c.profile().anonBytes() * 0.94, c.profile().anonBytes() * 1.06);
      c.profile().limits().memoryLimitBytes()
          .ifPresent(limit -> assertThat(m.usage()).isLessThanOrEqualTo(limit));
    }
  }

  @Test
  void cpuRateMatchesTheProfileOverALongWindow() {
    SimulatedNode node = node(5, 50, new ManualClock(START));
    for (SimContainer c : node.containers()) {
      Duration window = Duration.ofHours(6);
      long used = c.sample(START.plus(window)).cpu().usageNanos() - c.sample(START).cpu().usageNanos();
      double cores = used / (double) window.toNanos();
      assertThat(cores).isCloseTo(c.profile().cpuCores(), org.assertj.core.data.Percentage.withPercentage(5));
    }
  }

  @Test
  void restartKeepsNameAndCountsFromZeroWhilePodCountersKeepGrowing() {
    ManualClock clock = new ManualClock(START);
    SimulatedNode node = node(2, 40, clock);
    SimContainer old = node.containers().get(5);
    SimPod pod = node.pod(old.podUid());
    long podCpuBefore = node.state().podSample(pod, clock.instant(), true).cpu().usageNanos();

    clock.advance(Duration.ofSeconds(30));
    SimContainer fresh = node.restartContainer(old.id());

    assertThat(fresh.id()).isNotEqualTo(old.id()).matches(HEX64);
    assertThat(fresh.name()).isEqualTo(old.name());
    assertThat(fresh.attempt()).isEqualTo(old.attempt() + 1);
    assertThat(fresh.podUid()).isEqualTo(old.podUid());
    assertThat(fresh.sample(clock.instant()).cpu().usageNanos()).isZero();
    assertThat(node.state().container(old.id())).isEmpty();
    assertThat(node.container(fresh.id())).isEqualTo(fresh);
    assertThat(node.containers()).hasSize(40);
    long podCpuAfter = node.state().podSample(pod, clock.instant(), true).cpu().usageNanos();
    assertThat(podCpuAfter).isGreaterThan(podCpuBefore);
    clock.advance(Duration.ofSeconds(30));
    assertThat(fresh.sample(clock.instant()).cpu().usageNanos()).isPositive();
  }

  @Test
  void removingAndAddingPodsKeepsKubepodsCountersMonotonic() {
    ManualClock clock = new ManualClock(START);
    SimulatedNode node = node(4, 60, clock);
    long before = node.state().kubepodsSample(clock.instant(), true).cpu().usageNanos();
    SimPod victim = node.pods().get(3);
    int victimContainers = node.state().containersOf(victim.uid()).size();
    node.removePod(victim.uid());
    assertThat(node.state().pod(victim.uid())).isEmpty();
    assertThat(node.containers()).hasSize(60 - victimContainers);
    assertThat(node.state().kubepodsSample(clock.instant(), true).cpu().usageNanos()).isEqualTo(before);

    SimPod added = node.addPod();
    assertThat(added.createdAt()).isEqualTo(clock.instant());
    assertThat(node.state().containersOf(added.uid())).isNotEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(node.state().kubepodsSample(clock.instant(), true).cpu().usageNanos()).isGreaterThan(before);
  }

  @Test
  void replacedPodsKeepTheirWorkloadAndStatefulSetsTheirName() {
    ManualClock clock = new ManualClock(START);
    SimulatedNode node = node(6, 400, clock);
    SimPod deployment = node.pods().stream().filter(p -> p.labels().containsKey("pod-template-hash"))
        .findFirst().orElseThrow();
    SimPod replacement = node.replacePod(deployment.uid());
    assertThat(replacement.uid()).isNotEqualTo(deployment.uid());
    assertThat(replacement.app()).isEqualTo(deployment.app());
    assertThat(replacement.name()).isNotEqualTo(deployment.name())
        .startsWith(deployment.name().substring(0, deployment.name().length() - 5));

    SimPod stateful = node.pods().stream().filter(p -> p.labels().containsKey("statefulset.kubernetes.io/pod-name"))
        .findFirst().orElseThrow();
    SimPod again = node.replacePod(stateful.uid());
    assertThat(again.name()).isEqualTo(stateful.name());
    assertThat(again.uid()).isNotEqualTo(stateful.uid());
  }

  @Test
  void churnIsDeterministicAndReportsWhatChanged() {
    SimulatedNode a = node(9, 200, new ManualClock(START));
    SimulatedNode b = node(9, 200, new ManualClock(START));
    SimulatedNode.ChurnResult ra = a.churn(15, 5);
    SimulatedNode.ChurnResult rb = b.churn(15, 5);
    assertThat(ra).isEqualTo(rb);
    assertThat(ra.restartedContainerIds()).hasSize(15);
    assertThat(ra.replacedPodUids()).hasSize(5);
    assertThat(a.containers()).isEqualTo(b.containers());
    long before = a.state().generation();
    a.churn(1, 0);
    assertThat(a.state().generation()).isGreaterThan(before);
  }

  @Test
  void unknownIdsAreRejectedClearly() {
    SimulatedNode node = node(1, 5, new ManualClock(START));
    assertThatThrownBy(() -> node.restartContainer("nope")).isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> node.removePod("nope")).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> SimulatedNode.builder().pods(3, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manualClockOnlyMovesWhenTold() {
    ManualClock clock = new ManualClock(START);
    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.advance(Duration.ofMillis(1500))).isEqualTo(START.plusMillis(1500));
    assertThat(clock.withZone(java.time.ZoneId.of("Europe/Paris")).instant()).isEqualTo(START.plusMillis(1500));
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    List.of(1, 2).forEach(i -> clock.advance(Duration.ofSeconds(1)));
    assertThat(clock.millis()).isEqualTo(START.plusMillis(3500).toEpochMilli());
  }
}
