package dev.criexporter.cgroup.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cgroup.parse.CgroupParseException;
import org.junit.jupiter.api.Test;

class CpuStatV2Test {

  @Test
  void parsesAllFieldsAndIgnoresUnknownOnes() {
    CpuStatV2 s = CpuStatV2.parse("""
        usage_usec 123456789
        user_usec 92592591
        system_usec 30864198
        core_sched.force_idle_usec 0
        nr_periods 5000
        nr_throttled 120
        throttled_usec 3400000
        nr_bursts 2
        burst_usec 1500
        """);
    assertThat(s.usageUsec()).hasValue(123456789);
    assertThat(s.userUsec()).hasValue(92592591);
    assertThat(s.systemUsec()).hasValue(30864198);
    assertThat(s.nrPeriods()).hasValue(5000);
    assertThat(s.nrThrottled()).hasValue(120);
    assertThat(s.throttledUsec()).hasValue(3400000);
    assertThat(s.nrBursts()).hasValue(2);
    assertThat(s.burstUsec()).hasValue(1500);
  }

  @Test
  void withoutTheCpuControllerOnlyUsageFieldsExist() {
    CpuStatV2 s = CpuStatV2.parse("usage_usec 0\nuser_usec 0\nsystem_usec 0\nnice_usec 0\n");
    assertThat(s.usageUsec()).hasValue(0);
    assertThat(s.nrPeriods()).isEmpty();
    assertThat(s.throttledUsec()).isEmpty();
  }

  @Test
  void rejectsEmptyTruncatedAndGarbage() {
    assertThatThrownBy(() -> CpuStatV2.parse("")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> CpuStatV2.parse("usage_usec 12\nuser_u"))
        .isInstanceOf(CgroupParseException.class)
        .satisfies(e -> assertThat(((CgroupParseException) e).fileName()).isEqualTo("cpu.stat"));
    assertThatThrownBy(() -> CpuStatV2.parse("usage_usec twelve\n")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> CpuStatV2.parse("%$#@!\n")).isInstanceOf(CgroupParseException.class);
  }
}
