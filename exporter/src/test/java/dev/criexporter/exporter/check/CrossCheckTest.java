package dev.criexporter.exporter.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.parse.KeyedValues;
import dev.criexporter.cgroup.stats.CgroupStats;
import dev.criexporter.cgroup.stats.CpuLimits;
import dev.criexporter.cgroup.stats.CpuStats;
import dev.criexporter.cgroup.stats.MemoryLimits;
import dev.criexporter.cgroup.stats.MemoryEvents;
import dev.criexporter.cgroup.stats.MemoryStats;
import dev.criexporter.cgroup.stats.PidsStats;
import dev.criexporter.cgroup.stats.PressureStats;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.CpuUsage;
import dev.criexporter.cri.v1.MemoryUsage;
import dev.criexporter.cri.v1.UInt64Value;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrossCheckTest {
  static final long SEC = 1_000_000_000L;
  static final long T0 = 1_800_000_000L * SEC;
  final CrossCheck check = new CrossCheck(CheckSettings.DEFAULTS, 2);

  static CgroupStats cgroup(long cpuNanos, Limit quotaUsec, long usage, long inactiveFile,
      long anon) {
    OptionalLong e = OptionalLong.empty();
    CpuStats cpu = new CpuStats(OptionalLong.of(cpuNanos), e, e, e, e, e, e, e);
    MemoryStats mem = new MemoryStats(OptionalLong.of(usage),
        MemoryStats.workingSet(OptionalLong.of(usage), OptionalLong.of(inactiveFile)),
        OptionalLong.of(anon), e, e, e, e, e, e, e, e, e, e, OptionalLong.of(inactiveFile), e, e,
        e, e, KeyedValues.EMPTY);
    return new CgroupStats(cpu, new CpuLimits(quotaUsec, OptionalLong.of(100_000), e, e), mem,
        MemoryLimits.EMPTY, MemoryEvents.EMPTY, PidsStats.EMPTY, List.of(), PressureStats.EMPTY);
  }

  static ContainerStats cri(long cpuNanos, long cpuTimestamp, long workingSet, long usage,
      long rss) {
    return ContainerStats.newBuilder()
        .setCpu(CpuUsage.newBuilder().setTimestamp(cpuTimestamp)
            .setUsageCoreNanoSeconds(UInt64Value.newBuilder().setValue(cpuNanos)))
        .setMemory(MemoryUsage.newBuilder().setTimestamp(cpuTimestamp)
            .setWorkingSetBytes(UInt64Value.newBuilder().setValue(workingSet))
            .setUsageBytes(UInt64Value.newBuilder().setValue(usage))
            .setRssBytes(UInt64Value.newBuilder().setValue(rss)))
        .build();
  }

  private List<Finding> run(ContainerStats cri, CgroupStats before, CgroupStats after,
      long readEnd) {
    return check.check(new Observation("c1", cri, before, after, T0, readEnd));
  }

  private static Finding of(List<Finding> fs, Resource r) {
    return fs.stream().filter(f -> f.resource() == r).findFirst().orElseThrow();
  }

  @Test
  void anHonestRuntimeAgreesOnEveryResource() {
    CgroupStats cg = cgroup(50 * SEC, Limit.unlimited(), 100 << 20, 10 << 20, 60 << 20);
    ContainerStats c = cri(50 * SEC - 2_000_000, T0, 90 << 20, 100 << 20, 60 << 20);
    List<Finding> fs = run(c, cg, cg, T0 + 1_000_000);
    assertThat(fs).extracting(Finding::resource).containsExactly(Resource.CPU,
        Resource.WORKING_SET, Resource.USAGE, Resource.RSS);
    assertThat(fs).allSatisfy(f -> assertThat(f.verdict()).isEqualTo(Finding.Verdict.AGREE));
  }

  @Test
  void cpuToleranceIsDerivedFromTheSampleAgeAndTheQuota() {
    // Quota 50 % of a core; the runtime's sample is 2 s older than our read.
    CgroupStats cg = cgroup(10 * SEC, Limit.of(50_000), 1, 0, 1);
    ContainerStats honest = cri(9 * SEC, T0, 1, 1, 1); // 1 s behind: allowed 0.5 × 2 s + slack
    assertThat(of(run(honest, cg, cg, T0 + 2 * SEC), Resource.CPU).verdict())
        .isEqualTo(Finding.Verdict.AGREE);
    assertThat(of(run(honest, cg, cg, T0 + 2 * SEC), Resource.CPU).allowed())
        .isCloseTo(1.01, org.assertj.core.data.Offset.offset(1e-6));

    CrossCheck fresh = new CrossCheck(CheckSettings.DEFAULTS, 2);
    ContainerStats tooFarBehind = cri(8 * SEC, T0, 1, 1, 1); // 2 s behind in a 2 s gap at 0.5 cores
    assertThat(of(fresh.check(new Observation("c2", tooFarBehind, cg, cg, T0, T0 + 2 * SEC)),
        Resource.CPU).verdict()).isEqualTo(Finding.Verdict.CRI_LOW);
  }

  @Test
  void runtimeAheadOfTheKernelIsFlagged() {
    CgroupStats cg = cgroup(10 * SEC, Limit.unlimited(), 1, 0, 1);
    Finding f = of(run(cri(11 * SEC, T0, 1, 1, 1), cg, cg, T0 + 1000), Resource.CPU);
    assertThat(f.verdict()).isEqualTo(Finding.Verdict.CRI_HIGH);
    assertThat(f.difference()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(check.failureCounts()).containsEntry("cpu\0cri_high", 1L);
  }

  @Test
  void aFrozenCpuCounterIsStaleOnTheSecondPoll() {
    CgroupStats first = cgroup(10 * SEC, Limit.unlimited(), 1, 0, 1);
    assertThat(of(run(cri(10 * SEC, T0, 1, 1, 1), first, first, T0 + 1000), Resource.CPU).verdict())
        .isEqualTo(Finding.Verdict.AGREE);
    CgroupStats second = cgroup(15 * SEC, Limit.unlimited(), 1, 0, 1);
    List<Finding> fs = check.check(new Observation("c1", cri(10 * SEC, T0 + 10 * SEC, 1, 1, 1),
        second, second, T0 + 10 * SEC, T0 + 10 * SEC + 1000));
    assertThat(of(fs, Resource.CPU).verdict()).isEqualTo(Finding.Verdict.STALE);
  }

  @Test
  void aThrottledContainerRunningAgainBeforeOurReadIsNotStale() {
    // Quota 50 %: the runtime samples while the container is throttled (no progress since the
    // last poll), the container runs 15 ms before our read 30 ms later: within 0.5 × 30 ms + 10 ms.
    CgroupStats first = cgroup(10 * SEC, Limit.of(50_000), 1, 0, 1);
    assertThat(of(run(cri(10 * SEC, T0, 1, 1, 1), first, first, T0 + 1_000_000), Resource.CPU)
        .verdict()).isEqualTo(Finding.Verdict.AGREE);
    long t1 = T0 + 50_000_000;
    CgroupStats second = cgroup(10 * SEC + 15_000_000, Limit.of(50_000), 1, 0, 1);
    List<Finding> fs = check.check(new Observation("c1", cri(10 * SEC, t1, 1, 1, 1), second,
        second, t1, t1 + 30_000_000));
    assertThat(of(fs, Resource.CPU).verdict()).isEqualTo(Finding.Verdict.AGREE);
  }

  @Test
  void theSameSampleServedTwiceIsStaleOnceTheKernelMoved() {
    CgroupStats first = cgroup(10 * SEC, Limit.unlimited(), 1, 0, 1);
    run(cri(10 * SEC, T0, 1, 1, 1), first, first, T0 + 1_000_000);
    // A cached answer: same timestamp and value, honestly old; the kernel moved 20 ms since.
    CgroupStats second = cgroup(10 * SEC + 20_000_000, Limit.unlimited(), 1, 0, 1);
    List<Finding> fs = check.check(new Observation("c1", cri(10 * SEC, T0, 1, 1, 1), second,
        second, T0 + 10 * SEC, T0 + 10 * SEC + 1000));
    assertThat(of(fs, Resource.CPU).verdict()).isEqualTo(Finding.Verdict.STALE);
  }

  @Test
  void memoryMustLieBetweenTheReadingsAroundTheRuntimesAnswer() {
    long mib = 1 << 20;
    CgroupStats before = cgroup(1, Limit.unlimited(), 100 * mib, 0, 100 * mib);
    CgroupStats after = cgroup(1, Limit.unlimited(), 140 * mib, 0, 140 * mib);
    // Growing fast: 120 MiB is between the two readings.
    assertThat(of(run(cri(1, T0, 120 * mib, 120 * mib, 120 * mib), before, after, T0),
        Resource.WORKING_SET).verdict()).isEqualTo(Finding.Verdict.AGREE);
    // A runtime reporting 10 % more than a steady cgroup is caught.
    Finding lie = of(run(cri(1, T0, 110 * mib, 110 * mib, 100 * mib), before, before, T0),
        Resource.WORKING_SET);
    assertThat(lie.verdict()).isEqualTo(Finding.Verdict.CRI_HIGH);
    assertThat(lie.relativeDifference()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(of(run(cri(1, T0, 80 * mib, 100 * mib, 100 * mib), before, before, T0),
        Resource.WORKING_SET).verdict()).isEqualTo(Finding.Verdict.CRI_LOW);
  }

  @Test
  void stateIsBoundedByTheLiveContainers() {
    CgroupStats cg = cgroup(SEC, Limit.unlimited(), 1, 0, 1);
    for (int i = 0; i < 100; i++) {
      check.check(new Observation("c" + i, cri(SEC, T0, 1, 1, 1), cg, cg, T0, T0));
    }
    assertThat(check.trackedContainers()).isEqualTo(100);
    check.retain(Set.of("c1", "c2"));
    assertThat(check.trackedContainers()).isEqualTo(2);
  }

  @Test
  void orphansAreConfirmedOnlyWhenSeenTwice() {
    OrphanTracker t = new OrphanTracker();
    assertThat(t.updateMissing(Set.of("a", "b"))).isEmpty();
    assertThat(t.updateMissing(Set.of("b"))).containsExactly("b");
    assertThat(t.updateMissing(Set.of())).isEmpty();
    var ghost = new dev.criexporter.cgroup.path.ContainerCgroup("f".repeat(64),
        "kubepods/burstable/podx/" + "f".repeat(64),
        dev.criexporter.cgroup.path.CgroupNameStyle.of("f".repeat(64)));
    var known = new dev.criexporter.cgroup.path.ContainerCgroup("e".repeat(64),
        "kubepods/burstable/podx/" + "e".repeat(64),
        dev.criexporter.cgroup.path.CgroupNameStyle.of("e".repeat(64)));
    assertThat(t.updateGhosts(List.of(ghost, known), Set.of("e".repeat(64)))).isEmpty();
    assertThat(t.updateGhosts(List.of(ghost, known), Set.of("e".repeat(64))))
        .containsExactly(ghost);
    assertThat(t.updateGhosts(List.of(known), Set.of("e".repeat(64)))).isEmpty();
  }
}
