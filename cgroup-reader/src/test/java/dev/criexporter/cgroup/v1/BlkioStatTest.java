package dev.criexporter.cgroup.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cgroup.parse.CgroupParseException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BlkioStatTest {

  private static final String FILE = V1Files.BLKIO_THROTTLE_IO_SERVICE_BYTES;

  @Test
  void groupsLinesByDeviceInFileOrder() {
    BlkioStat s = BlkioStat.parse("""
        254:0 Read 1048576
        254:0 Write 8192
        254:0 Sync 8192
        254:0 Async 1048576
        254:0 Discard 0
        254:0 Total 1056768
        8:0 Read 4096
        8:0 Write 0
        8:0 Sync 0
        8:0 Async 4096
        8:0 Discard 0
        8:0 Total 4096
        Total 1060864
        """, FILE);
    assertThat(s.total()).hasValue(1060864);
    assertThat(s.devices()).containsExactly(
        new BlkioDevice(254, 0, OptionalLong.of(1048576), OptionalLong.of(8192), OptionalLong.of(8192),
            OptionalLong.of(1048576), OptionalLong.of(0), OptionalLong.of(1056768)),
        new BlkioDevice(8, 0, OptionalLong.of(4096), OptionalLong.of(0), OptionalLong.of(0),
            OptionalLong.of(4096), OptionalLong.of(0), OptionalLong.of(4096)));
  }

  @Test
  void onlyTotalMeansNoDevices() {
    BlkioStat s = BlkioStat.parse("Total 0\n", FILE);
    assertThat(s.devices()).isEmpty();
    assertThat(s.total()).hasValue(0);
  }

  @Test
  void olderKernelsWithoutDiscardAndUnknownOps() {
    BlkioStat s = BlkioStat.parse("8:0 Read 1\n8:0 Write 2\n8:0 Trim 7\nTotal 3\n", FILE);
    assertThat(s.devices()).singleElement().satisfies(d -> {
      assertThat(d.read()).hasValue(1);
      assertThat(d.write()).hasValue(2);
      assertThat(d.discard()).isEmpty();
      assertThat(d.total()).isEmpty();
    });
  }

  @Test
  void emptyTextIsEmpty() {
    BlkioStat s = BlkioStat.parse("", FILE);
    assertThat(s.devices()).isEmpty();
    assertThat(s.total()).isEmpty();
  }

  @Test
  void rejectsMalformed() {
    assertThatThrownBy(() -> BlkioStat.parse("8:0 Read\n", FILE)).isInstanceOf(CgroupParseException.class)
        .hasMessageStartingWith(FILE + ": ");
    assertThatThrownBy(() -> BlkioStat.parse("8:0 Read 1 2\n", FILE)).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> BlkioStat.parse("sda Read 1\n", FILE)).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> BlkioStat.parse("8:0 Read x\n", FILE)).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> BlkioStat.parse("Total\n", FILE)).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> BlkioStat.parse("Total -1\n", FILE)).isInstanceOf(CgroupParseException.class);
  }
}
