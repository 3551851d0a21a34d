package dev.criexporter.cgroup.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cgroup.parse.CgroupParseException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class IoStatV2Test {

  @Test
  void parsesOneRecordPerDevice() {
    IoStatV2 s = IoStatV2.parse("""
        259:0 rbytes=1048576 wbytes=2097152 rios=10 wios=20 dbytes=4096 dios=1
        8:16 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0
        """);
    assertThat(s.devices()).containsExactly(
        new IoDeviceV2(259, 0, OptionalLong.of(1048576), OptionalLong.of(2097152), OptionalLong.of(10),
            OptionalLong.of(20), OptionalLong.of(4096), OptionalLong.of(1)),
        new IoDeviceV2(8, 16, OptionalLong.of(4096), OptionalLong.of(0), OptionalLong.of(1),
            OptionalLong.of(0), OptionalLong.of(0), OptionalLong.of(0)));
  }

  @Test
  void emptyFileMeansNoIo() {
    assertThat(IoStatV2.parse("").devices()).isEmpty();
    assertThat(IoStatV2.parse("\n").devices()).isEmpty();
  }

  @Test
  void ignoresUnknownKeysEvenWithNonNumericValues() {
    IoStatV2 s = IoStatV2.parse("8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=5 dios=6 use_delay=0 delay_nsec=0"
        + " depth=max avg_lat=3 win=5 cost.vrate=100.00\n");
    assertThat(s.devices()).singleElement().satisfies(d -> {
      assertThat(d.rbytes()).hasValue(1);
      assertThat(d.dios()).hasValue(6);
    });
  }

  @Test
  void olderKernelsWithoutDiscardLeaveItEmpty() {
    IoDeviceV2 d = IoStatV2.parse("8:0 rbytes=1 wbytes=2 rios=3 wios=4\n").devices().get(0);
    assertThat(d.dbytes()).isEmpty();
    assertThat(d.dios()).isEmpty();
  }

  @Test
  void rejectsMalformed() {
    assertThatThrownBy(() -> IoStatV2.parse("8:0 rbytes\n")).isInstanceOf(CgroupParseException.class)
        .hasMessageContaining("expected key=value");
    assertThatThrownBy(() -> IoStatV2.parse("sda rbytes=1\n")).isInstanceOf(CgroupParseException.class)
        .hasMessageContaining("MAJOR:MINOR");
    assertThatThrownBy(() -> IoStatV2.parse("8:0 rbytes=abc\n")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> IoStatV2.parse("8:0 =5\n")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> IoStatV2.parse("8:0 rbytes=1 wbytes=")).isInstanceOf(CgroupParseException.class);
  }
}
