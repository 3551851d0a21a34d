package dev.criexporter.cgroup.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cgroup.parse.CgroupParseException;
import org.junit.jupiter.api.Test;

class PressureTest {

  @Test
  void parsesSomeAndFull() {
    Pressure p = Pressure.parse("""
        some avg10=1.25 avg60=0.50 avg300=0.10 total=123456
        full avg10=0.00 avg60=0.02 avg300=100.00 total=2345
        """, "memory.pressure");
    assertThat(p.some()).isEqualTo(new PressureLine(1.25, 0.5, 0.1, 123456));
    assertThat(p.full()).contains(new PressureLine(0.0, 0.02, 100.0, 2345));
  }

  @Test
  void cpuPressureOnOlderKernelsHasNoFullLine() {
    Pressure p = Pressure.parse("some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n", "cpu.pressure");
    assertThat(p.some().totalUsec()).isZero();
    assertThat(p.full()).isEmpty();
  }

  @Test
  void ignoresUnknownLinesAndFields() {
    Pressure p = Pressure.parse("some avg10=0.00 avg60=0.00 avg300=0.00 total=7 extra=1\nnew kind\n", "io.pressure");
    assertThat(p.some().totalUsec()).isEqualTo(7);
  }

  @Test
  void rejectsMalformed() {
    assertThatThrownBy(() -> Pressure.parse("", "io.pressure")).isInstanceOf(CgroupParseException.class)
        .hasMessage("io.pressure: empty");
    assertThatThrownBy(() -> Pressure.parse("full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n", "io.pressure"))
        .isInstanceOf(CgroupParseException.class).hasMessage("io.pressure: no 'some' line");
    assertThatThrownBy(() -> Pressure.parse("some avg10=0.00 avg60=0.00 total=0\n", "io.pressure"))
        .isInstanceOf(CgroupParseException.class).hasMessageContaining("lacks one of");
    assertThatThrownBy(() -> Pressure.parse("some avg10=x avg60=0.00 avg300=0.00 total=0\n", "io.pressure"))
        .isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> Pressure.parse("some avg10=0.00 avg60=0.00 avg300=0.00 total=-1\n", "io.pressure"))
        .isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> Pressure.parse("some avg10 0.00\n", "io.pressure"))
        .isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> Pressure.parse("some avg10=0.00 avg60=0.00 avg300=0.00 tot", "io.pressure"))
        .isInstanceOf(CgroupParseException.class);
  }
}
