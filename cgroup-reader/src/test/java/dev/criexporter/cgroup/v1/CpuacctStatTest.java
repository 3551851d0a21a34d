package dev.criexporter.cgroup.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cgroup.parse.CgroupParseException;
import org.junit.jupiter.api.Test;

class CpuacctStatTest {

  @Test
  void convertsUserHzTicksToNanoseconds() {
    CpuacctStat s = CpuacctStat.parse("user 3991\nsystem 1971\n");
    assertThat(s.userTicks()).hasValue(3991);
    assertThat(s.systemTicks()).hasValue(1971);
    assertThat(s.userNanos()).hasValue(39_910_000_000L);
    assertThat(s.systemNanos()).hasValue(19_710_000_000L);
  }

  @Test
  void missingFieldStaysEmpty() {
    CpuacctStat s = CpuacctStat.parse("user 1\n");
    assertThat(s.systemTicks()).isEmpty();
    assertThat(s.systemNanos()).isEmpty();
  }

  @Test
  void rejectsMalformed() {
    assertThatThrownBy(() -> CpuacctStat.parse("")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> CpuacctStat.parse("user\nsystem 1\n")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> CpuacctStat.parse("user 1.5\n")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> CpuacctStat.parse("usr 1\nsys 2\n")).isInstanceOf(CgroupParseException.class)
        .hasMessage("cpuacct.stat: no known key");
  }
}
