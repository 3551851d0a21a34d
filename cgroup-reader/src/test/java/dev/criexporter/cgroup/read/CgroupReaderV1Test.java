package dev.criexporter.cgroup.read;

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
import java.util.EnumSet;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CgroupReaderV1Test {

  private static final long MIB = 1024 * 1024;
  private static final String APP = Fixtures.V1_BURSTABLE_POD + "/" + Fixtures.V1_APP;
  private static final String BESTEFFORT = Fixtures.V1_BESTEFFORT_POD + "/" + Fixtures.V1_BESTEFFORT;

  private final CgroupReader reader = new CgroupReader(
      HostCgroups.of(Fixtures.tree(Fixtures.V1_CGROUPFS_HYBRID), CgroupMode.HYBRID));

  @Test
  void readsTheSamePathUnderEveryControllerOfAHybridHost() {
    CgroupReadResult result = reader.read("/" + APP, EnumSet.allOf(StatGroup.class));

    assertThat(result.outcome()).isEqualTo(CgroupReadResult.Outcome.COMPLETE);
    CgroupStats s = result.stats();
    assertThat(s.cpu()).isEqualTo(new CpuStats(OptionalLong.of(987_654_321_012L),
        OptionalLong.of(750_000_000_000L), OptionalLong.of(230_000_000_000L), OptionalLong.of(2000),
        OptionalLong.of(37), OptionalLong.of(1_234_567_890L), OptionalLong.of(0), OptionalLong.of(0)));
    assertThat(s.cpuLimits()).isEqualTo(new CpuLimits(Limit.of(50000), OptionalLong.of(100000),
        OptionalLong.of(512), OptionalLong.of(CpuLimits.sharesToWeight(512))));

    MemoryStats m = s.memory();
    assertThat(m.usageBytes()).hasValue(100 * MIB);
    assertThat(m.workingSetBytes()).hasValue(80 * MIB);
    assertThat(m.rssBytes()).hasValue(60 * MIB);
    assertThat(m.cacheBytes()).hasValue(40 * MIB);
    assertThat(m.swapBytes()).hasValue(4 * MIB);
    assertThat(m.mappedFileBytes()).hasValue(3 * MIB);
    assertThat(m.kernelBytes()).isEmpty();
    assertThat(m.shmemBytes()).hasValue(4096);
    assertThat(m.dirtyBytes()).hasValue(12288);
    assertThat(m.activeAnonBytes()).hasValue(60 * MIB);
    assertThat(m.inactiveAnonBytes()).hasValue(4096);
    assertThat(m.activeFileBytes()).hasValue(20 * MIB - 4096);
    assertThat(m.inactiveFileBytes()).hasValue(20 * MIB);
    assertThat(m.pgfault()).hasValue(23456);
    assertThat(m.pgmajfault()).hasValue(12);
    assertThat(m.maxUsageBytes()).hasValue(103 * MIB);
    assertThat(m.rawStat().get("total_pgpgin")).hasValue(81234);

    assertThat(s.memoryLimits()).isEqualTo(new MemoryLimits(Limit.of(512 * MIB), Limit.unlimited(),
        Limit.absent(), Limit.absent(), Limit.of(512 * MIB), Limit.of(1024 * MIB)));
    assertThat(s.memoryEvents()).isEqualTo(new MemoryEvents(OptionalLong.empty(), OptionalLong.empty(),
        OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(2), OptionalLong.empty(),
        OptionalLong.of(5)));
    assertThat(s.pids()).isEqualTo(new PidsStats(OptionalLong.of(12), Limit.of(1024)));
    assertThat(s.io()).containsExactly(
        new IoDeviceStats(254, 0, OptionalLong.of(MIB), OptionalLong.of(8192), OptionalLong.of(100),
            OptionalLong.of(2), OptionalLong.of(0), OptionalLong.of(0)),
        new IoDeviceStats(253, 0, OptionalLong.of(4096), OptionalLong.of(0), OptionalLong.of(1),
            OptionalLong.of(0), OptionalLong.of(0), OptionalLong.of(0)));
    assertThat(s.pressure().cpu().orElseThrow().some().totalUsec()).isEqualTo(424242);
    assertThat(s.pressure().memory().orElseThrow().full().orElseThrow().totalUsec()).isEqualTo(222);
    assertThat(s.pressure().io().orElseThrow().some().totalUsec()).isEqualTo(33333);
  }

  @Test
  void unlimitedValuesAndAClampedWorkingSet() {
    CgroupReadResult result = reader.read(BESTEFFORT, EnumSet.allOf(StatGroup.class));

    assertThat(result.outcome()).isEqualTo(CgroupReadResult.Outcome.COMPLETE);
    CgroupStats s = result.stats();
    assertThat(s.cpuLimits().quotaUsec()).isEqualTo(Limit.unlimited());
    assertThat(s.memoryLimits().limit()).isEqualTo(Limit.unlimited());
    assertThat(s.memoryLimits().swapLimit()).isEqualTo(Limit.unlimited());
    assertThat(s.pids().limit()).isEqualTo(Limit.unlimited());
    // inactive_file (3 MiB) exceeds usage (2 MiB): the working set clamps at 0
    assertThat(s.memory().usageBytes()).hasValue(2 * MIB);
    assertThat(s.memory().workingSetBytes()).hasValue(0);
    assertThat(s.io()).isEmpty();
    // no directory in the unified hierarchy: pressure is simply unknown
    assertThat(s.pressure()).isEqualTo(PressureStats.EMPTY);
  }

  @Test
  void legacyModeHasNoPressure() {
    CgroupReader legacy = new CgroupReader(
        HostCgroups.of(Fixtures.tree(Fixtures.V1_CGROUPFS_HYBRID), CgroupMode.LEGACY));
    CgroupReadResult result = legacy.read(APP, EnumSet.of(StatGroup.PRESSURE, StatGroup.PIDS));
    assertThat(result.outcome()).isEqualTo(CgroupReadResult.Outcome.COMPLETE);
    assertThat(result.stats().pressure()).isEqualTo(PressureStats.EMPTY);
    assertThat(result.stats().pids().current()).hasValue(12);
  }
}
