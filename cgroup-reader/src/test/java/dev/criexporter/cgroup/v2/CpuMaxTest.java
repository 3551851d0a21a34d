package dev.criexporter.cgroup.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.parse.CgroupParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpuMaxTest {

  @Test
  void maxQuotaIsUnlimited() {
    assertThat(CpuMax.parse("max 100000\n")).isEqualTo(new CpuMax(Limit.unlimited(), 100000));
  }

  @Test
  void finiteQuotaAndPeriod() {
    assertThat(CpuMax.parse("50000 100000\n")).isEqualTo(new CpuMax(Limit.of(50000), 100000));
    assertThat(CpuMax.parse("150000 250000")).isEqualTo(new CpuMax(Limit.of(150000), 250000));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "max\n", "50000\n", "50000 100000 7\n", "max max\n", "-1 100000\n",
    "50000 100000\nextra\n", "abc def\n"})
  void rejectsMalformed(String text) {
    assertThatThrownBy(() -> CpuMax.parse(text)).isInstanceOf(CgroupParseException.class)
        .hasMessageStartingWith("cpu.max: ");
  }
}
