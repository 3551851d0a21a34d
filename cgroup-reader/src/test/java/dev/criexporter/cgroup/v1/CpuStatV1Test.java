package dev.criexporter.cgroup.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cgroup.parse.CgroupParseException;
import org.junit.jupiter.api.Test;

class CpuStatV1Test {

  @Test
  void parsesBandwidthStatistics() {
    CpuStatV1 s = CpuStatV1.parse("nr_periods 2000\nnr_throttled 37\nthrottled_time 1234567890\n"
        + "nr_bursts 1\nburst_time 500\n");
    assertThat(s.nrPeriods()).hasValue(2000);
    assertThat(s.nrThrottled()).hasValue(37);
    assertThat(s.throttledTimeNanos()).hasValue(1234567890);
    assertThat(s.nrBursts()).hasValue(1);
    assertThat(s.burstTimeNanos()).hasValue(500);
  }

  @Test
  void olderKernelsWithoutBurstFields() {
    CpuStatV1 s = CpuStatV1.parse("nr_periods 0\nnr_throttled 0\nthrottled_time 0\n");
    assertThat(s.nrBursts()).isEmpty();
    assertThat(s.throttledTimeNanos()).hasValue(0);
  }

  @Test
  void rejectsMalformed() {
    assertThatThrownBy(() -> CpuStatV1.parse("nr_periods 1 2\n")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> CpuStatV1.parse("   ")).isInstanceOf(CgroupParseException.class);
  }
}
