package dev.criexporter.cgroup.read;

import static dev.criexporter.cgroup.Fixtures.systemdUid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cgroup.Fixtures;
import dev.criexporter.cgroup.HostCgroups;
import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.stats.CgroupStats;
import dev.criexporter.cgroup.stats.CpuLimits;
import dev.criexporter.cgroup.stats.CpuStats;
import dev.criexporter.cgroup.stats.IoDeviceStats;
import dev.criexporter.cgroup.stats.MemoryEvents;
import dev.criexporter.cgroup.stats.MemoryLimits;
import dev.criexporter.cgroup.stats.MemoryStats;
import dev.criexporter.cgroup.stats.PidsStats;
import dev.criexporter.cgroup.stats.PressureStats;
import dev.criexporter.cgroup.v2.PressureLine;
import java.util.EnumSet;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CgroupReaderV2Test {

  private static final String BURSTABLE_APP = "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
      + systemdUid(Fixtures.POD_BURSTABLE_UID) + ".slice/cri-containerd-" + Fixtures.APP_BURSTABLE + ".scope";
  private static final String BESTEFFORT_APP = "kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod"
      + systemdUid(Fixtures.POD_BESTEFFORT_UID) + ".slice/cri-containerd-" + Fixtures.APP_BESTEFFORT + ".scope";
  private static final String CRIO_SCOPE = "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
      + systemdUid(Fixtures.CRIO_POD_UID) + ".slice/crio-" + Fixtures.CRIO_APP + ".scope";

  private static final long MIB = 1024 * 1024;

  private final CgroupReader containerd = new CgroupReader(
      HostCgroups.of(Fixtures.tree(Fixtures.V2_SYSTEMD_CONTAINERD), CgroupMode.UNIFIED));

  @Test
  void readsEveryGroupOfASystemdContainerdContainer() {
    CgroupReadResult result = containerd.read("/" + BURSTABLE_APP, EnumSet.allOf(StatGroup.class));

    assertThat(result.outcome()).isEqualTo(CgroupReadResult.Outcome.COMPLETE);
    assertThat(result.failures()).isEmpty();
    assertThat(result.cgroupPath()).isEqualTo(BURSTABLE_APP);
    CgroupStats s = result.stats();
    assertThat(s.cpu()).isEqualTo(new CpuStats(OptionalLong.of(123_456_789_000L),
        OptionalLong.of(92_592_591_000L), OptionalLong.of(30_864_198_000L), OptionalLong.of(5000),
        OptionalLong.of(120), OptionalLong.of(3_400_000_000L), OptionalLong.of(0), OptionalLong.of(0)));
    assertThat(s.cpuLimits()).isEqualTo(new CpuLimits(Limit.of(50000), OptionalLong.of(100000),
        OptionalLong.of(CpuLimits.weightToShares(4)), OptionalLong.of(4)));

    MemoryStats m = s.memory();
    assertThat(m.usageBytes()).hasValue(72 * MIB);
    assertThat(m.workingSetBytes()).hasValue(64 * MIB);
    assertThat(m.rssBytes()).hasValue(50 * MIB);
    assertThat(m.cacheBytes()).hasValue(20 * MIB);
    assertThat(m.swapBytes()).hasValue(0);
    assertThat(m.mappedFileBytes()).hasValue(5 * MIB);
    assertThat(m.kernelBytes()).hasValue(2 * MIB);
    assertThat(m.shmemBytes()).hasValue(12288);
    assertThat(m.dirtyBytes()).hasValue(8192);
    assertThat(m.writebackBytes()).hasValue(0);
    assertThat(m.activeAnonBytes()).hasValue(50 * MIB - 4096);
    assertThat(m.inactiveAnonBytes()).hasValue(16384);
    assertThat(m.activeFileBytes()).hasValue(20 * MIB - 8 * MIB - 12288);
    assertThat(m.inactiveFileBytes()).hasValue(8 * MIB);
    assertThat(m.unevictableBytes()).hasValue(0);
    assertThat(m.pgfault()).hasValue(48211);
    assertThat(m.pgmajfault()).hasValue(7);
    assertThat(m.maxUsageBytes()).hasValue(90 * MIB);
    assertThat(m.rawStat().get("workingset_refault_file")).hasValue(37);

    assertThat(s.memoryLimits()).isEqualTo(new MemoryLimits(Limit.of(268435456), Limit.of(64 * MIB),
        Limit.unlimited(), Limit.of(0), Limit.of(0), Limit.of(268435456)));
    assertThat(s.memoryEvents()).isEqualTo(new MemoryEvents(OptionalLong.of(0), OptionalLong.of(0),
        OptionalLong.of(3), OptionalLong.of(1), OptionalLong.of(1), OptionalLong.of(0), OptionalLong.empty()));
    assertThat(s.pids()).isEqualTo(new PidsStats(OptionalLong.of(7), Limit.of(1024)));
    assertThat(s.io()).containsExactly(
        new IoDeviceStats(259, 0, OptionalLong.of(MIB), OptionalLong.of(2 * MIB), OptionalLong.of(10),
            OptionalLong.of(20), OptionalLong.of(0), OptionalLong.of(0)),
        new IoDeviceStats(8, 0, OptionalLong.of(4096), OptionalLong.of(0), OptionalLong.of(1),
            OptionalLong.of(0), OptionalLong.of(0), OptionalLong.of(0)));
    PressureStats p = s.pressure();
    assertThat(p.cpu()).hasValueSatisfying(cpu -> {
      assertThat(cpu.some()).isEqualTo(new PressureLine(1.25, 0.5, 0.1, 123456));
      assertThat(cpu.full()).contains(new PressureLine(0.0, 0.02, 0.0, 2345));
    });
    assertThat(p.memory().orElseThrow().some().totalUsec()).isEqualTo(5678);
    assertThat(p.io().orElseThrow().full().orElseThrow().totalUsec()).isEqualTo(8765);
  }

  @Test
  void absentOptionalFilesAreEmptyNotFailures() {
    CgroupReadResult result = containerd.read(BESTEFFORT_APP, EnumSet.allOf(StatGroup.class));

    assertThat(result.outcome()).isEqualTo(CgroupReadResult.Outcome.COMPLETE);
    CgroupStats s = result.stats();
    assertThat(s.memory().maxUsageBytes()).isEmpty();
    assertThat(s.pressure()).isEqualTo(PressureStats.EMPTY);
    assertThat(s.memory().usageBytes()).hasValue(11 * MIB + 512 * 1024);
    assertThat(s.memory().workingSetBytes()).hasValue(9 * MIB + 512 * 1024);
    assertThat(s.cpuLimits().quotaUsec()).isEqualTo(Limit.unlimited());
    assertThat(s.cpuLimits().periodUsec()).hasValue(100000);
    assertThat(s.memoryLimits().limit()).isEqualTo(Limit.unlimited());
    assertThat(s.memoryLimits().memorySwapLimit()).isEqualTo(Limit.unlimited());
    assertThat(s.pids().limit()).isEqualTo(Limit.unlimited());
    assertThat(s.io()).isEmpty();
  }

  @Test
  void readsOnlyTheWantedGroups() {
    CgroupReadResult result = containerd.read(BURSTABLE_APP, EnumSet.of(StatGroup.PIDS));
    assertThat(result.stats().pids().current()).hasValue(7);
    assertThat(result.stats().cpu()).isEqualTo(CpuStats.EMPTY);
    assertThat(result.stats().memory()).isEqualTo(MemoryStats.EMPTY);
    assertThat(result.stats().pressure()).isEqualTo(PressureStats.EMPTY);
    assertThat(result.stats().io()).isEmpty();
  }

  @Test
  void crioScopeStatsIncludeCrunsContainerSubCgroup() {
    CgroupReader reader = new CgroupReader(
        HostCgroups.of(Fixtures.tree(Fixtures.V2_SYSTEMD_CRIO), CgroupMode.UNIFIED));
    CgroupStats scope = reader.read(CRIO_SCOPE, EnumSet.allOf(StatGroup.class)).stats();
    CgroupStats sub = reader.read(CRIO_SCOPE + "/container", EnumSet.allOf(StatGroup.class)).stats();

    assertThat(scope.memory().usageBytes()).hasValue(51 * MIB);
    assertThat(scope.cpuLimits().quotaUsec()).isEqualTo(Limit.of(20000));
    assertThat(scope.memoryLimits().limit()).isEqualTo(Limit.of(200 * MIB));
    assertThat(sub.memory().usageBytes().getAsLong()).isLessThan(scope.memory().usageBytes().getAsLong());
    assertThat(sub.cpu().usageNanos().getAsLong()).isLessThan(scope.cpu().usageNanos().getAsLong());
  }

  @Test
  void readsACgroupfsContainerWithAnEmptyIoStat() {
    CgroupReader reader = new CgroupReader(HostCgroups.of(Fixtures.tree(Fixtures.V2_CGROUPFS), CgroupMode.UNIFIED));
    CgroupReadResult result = reader.read(
        "/kubepods/burstable/pod3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7/" + Fixtures.APP_CGROUPFS,
        EnumSet.allOf(StatGroup.class));
    assertThat(result.outcome()).isEqualTo(CgroupReadResult.Outcome.COMPLETE);
    assertThat(result.stats().io()).isEmpty();
    assertThat(result.stats().memoryLimits().limit()).isEqualTo(Limit.of(64 * MIB));
    assertThat(result.stats().pids()).isEqualTo(new PidsStats(OptionalLong.of(4), Limit.of(512)));
    assertThat(result.stats().cpu().usageNanos()).hasValue(4_200_000_000L);
  }

  @Test
  void theRootCgroupLacksControllerFilesAndSaysSo() {
    CgroupReadResult result = containerd.read("/", EnumSet.of(StatGroup.CPU, StatGroup.MEMORY_LIMITS));
    assertThat(result.outcome()).isEqualTo(CgroupReadResult.Outcome.PARTIAL);
    assertThat(result.stats().cpu().usageNanos()).hasValue(999_999_999_000L);
    assertThat(result.failures()).extracting(FileFailure::fileName)
        .containsExactly("memory.max", "memory.low", "memory.high", "memory.min");
    assertThat(result.failures()).allSatisfy(f -> assertThat(f.reason()).isEqualTo(FailureReason.MISSING));
    assertThat(result.stats().memoryLimits().swapLimit()).isEqualTo(Limit.absent());
  }
}
