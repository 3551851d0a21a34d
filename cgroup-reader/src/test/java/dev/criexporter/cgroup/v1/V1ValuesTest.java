package dev.criexporter.cgroup.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.parse.CgroupParseException;
import org.junit.jupiter.api.Test;

class V1ValuesTest {

  private static final String FILE = V1Files.MEMORY_LIMIT_IN_BYTES;

  @Test
  void theHugeNoLimitValueIsUnlimitedForEveryPageSize() {
    assertThat(V1Values.parseMemoryLimit("9223372036854771712\n", FILE)).isEqualTo(Limit.unlimited()); // 4 KiB
    assertThat(V1Values.parseMemoryLimit("9223372036854710272\n", FILE)).isEqualTo(Limit.unlimited()); // 64 KiB
    assertThat(V1Values.parseMemoryLimit("9223372036854775807\n", FILE)).isEqualTo(Limit.unlimited());
    assertThat(V1Values.parseMemoryLimit("18446744073709551615\n", FILE)).isEqualTo(Limit.unlimited());
  }

  @Test
  void realLimitsAreFinite() {
    assertThat(V1Values.parseMemoryLimit("536870912\n", FILE)).isEqualTo(Limit.of(536870912));
    assertThat(V1Values.parseMemoryLimit("0\n", FILE)).isEqualTo(Limit.of(0));
    assertThat(V1Values.parseMemoryLimit("9223372036853723136\n", FILE)).isEqualTo(Limit.of(9223372036853723136L));
  }

  @Test
  void quotaMinusOneIsUnlimited() {
    assertThat(V1Values.parseCfsQuota("-1\n")).isEqualTo(Limit.unlimited());
    assertThat(V1Values.parseCfsQuota("50000\n")).isEqualTo(Limit.of(50000));
  }

  @Test
  void rejectsMalformed() {
    assertThatThrownBy(() -> V1Values.parseCfsQuota("-2\n")).isInstanceOf(CgroupParseException.class)
        .hasMessageContaining("negative quota");
    assertThatThrownBy(() -> V1Values.parseCfsQuota("max\n")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> V1Values.parseMemoryLimit("max\n", FILE)).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> V1Values.parseMemoryLimit("", FILE)).isInstanceOf(CgroupParseException.class);
  }
}
