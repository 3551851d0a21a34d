package dev.criexporter.cgroup.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.stats.CpuLimits;
import dev.criexporter.cgroup.stats.IoDeviceStats;
import dev.criexporter.cgroup.stats.MemoryStats;
import dev.criexporter.cgroup.v1.BlkioStat;
import dev.criexporter.cgroup.v1.MemoryStatV1;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NormalizationTest {

  @Test
  void limitSumsAndDifferences() {
    assertThat(LimitMath.sum(Limit.of(3), Limit.of(4))).isEqualTo(Limit.of(7));
    assertThat(LimitMath.sum(Limit.of(3), Limit.unlimited())).isEqualTo(Limit.unlimited());
    assertThat(LimitMath.sum(Limit.unlimited(), Limit.absent())).isEqualTo(Limit.absent());
    assertThat(LimitMath.sum(Limit.of(-2L), Limit.of(5))).isEqualTo(Limit.unlimited());
    assertThat(LimitMath.difference(Limit.of(10), Limit.of(4))).isEqualTo(Limit.of(6));
    assertThat(LimitMath.difference(Limit.of(4), Limit.of(10))).isEqualTo(Limit.of(0));
    assertThat(LimitMath.difference(Limit.unlimited(), Limit.of(10))).isEqualTo(Limit.unlimited());
    assertThat(LimitMath.difference(Limit.absent(), Limit.of(10))).isEqualTo(Limit.absent());
  }

  @Test
  void sharesAndWeightConvertBothWays() {
    assertThat(CpuLimits.sharesToWeight(2)).isEqualTo(1);
    assertThat(CpuLimits.sharesToWeight(1024)).isEqualTo(39);
    assertThat(CpuLimits.sharesToWeight(262144)).isEqualTo(10000);
    assertThat(CpuLimits.weightToShares(1)).isEqualTo(2);
    assertThat(CpuLimits.weightToShares(10000)).isEqualTo(262144);
    assertThat(CpuLimits.weightToShares(100)).isEqualTo(2597);
    assertThat(CpuLimits.sharesToWeight(0)).isEqualTo(1);
  }

  @Test
  void workingSetNeedsBothInputsAndClampsAtZero() {
    assertThat(MemoryStats.workingSet(OptionalLong.of(100), OptionalLong.of(30))).hasValue(70);
    assertThat(MemoryStats.workingSet(OptionalLong.of(30), OptionalLong.of(100))).hasValue(0);
    assertThat(MemoryStats.workingSet(OptionalLong.of(100), OptionalLong.empty())).isEmpty();
    assertThat(MemoryStats.workingSet(OptionalLong.empty(), OptionalLong.of(1))).isEmpty();
  }

  @Test
  void v1SwapPrefersMemswMinusUsageThenTotalSwap() {
    MemoryStatV1 stat = MemoryStatV1.parse("total_swap 7\ntotal_inactive_file 0\n");
    assertThat(V1Normalizer.memory(OptionalLong.of(100), stat, OptionalLong.empty(), OptionalLong.of(130))
        .swapBytes()).hasValue(30);
    assertThat(V1Normalizer.memory(OptionalLong.of(100), stat, OptionalLong.empty(), OptionalLong.empty())
        .swapBytes()).hasValue(7);
    assertThat(V1Normalizer.memory(OptionalLong.of(100), null, OptionalLong.empty(), OptionalLong.empty())
        .swapBytes()).isEmpty();
  }

  @Test
  void v1IoMergesByDeviceIncludingDevicesOnlyInOneFile() {
    BlkioStat bytes = BlkioStat.parse("8:0 Read 4096\n8:0 Write 0\nTotal 4096\n", "b");
    BlkioStat ops = BlkioStat.parse("8:16 Read 3\n8:16 Write 4\n8:0 Read 1\n8:0 Write 0\nTotal 8\n", "o");
    assertThat(V1Normalizer.io(bytes, ops)).containsExactly(
        new IoDeviceStats(8, 0, OptionalLong.of(4096), OptionalLong.of(0), OptionalLong.of(1),
            OptionalLong.of(0), OptionalLong.empty(), OptionalLong.empty()),
        new IoDeviceStats(8, 16, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(3),
            OptionalLong.of(4), OptionalLong.empty(), OptionalLong.empty()));
    assertThat(V1Normalizer.io(null, null)).isEmpty();
  }

  @Test
  void v1SwapLimitIsMemswMinusLimit() {
    var limits = V1Normalizer.memoryLimits(Limit.of(100), Limit.unlimited(), Limit.of(150));
    assertThat(limits.swapLimit()).isEqualTo(Limit.of(50));
    assertThat(limits.memorySwapLimit()).isEqualTo(Limit.of(150));
    assertThat(V1Normalizer.memoryLimits(Limit.of(100), Limit.unlimited(), Limit.absent()).swapLimit())
        .isEqualTo(Limit.absent());
  }
}
