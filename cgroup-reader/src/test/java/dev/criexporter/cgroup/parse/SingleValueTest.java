package dev.criexporter.cgroup.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cgroup.Limit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SingleValueTest {

  @Test
  void readsOneNumberWithTrailingNewline() {
    assertThat(SingleValue.parseUnsigned("75497472\n", "memory.current")).isEqualTo(75497472L);
    assertThat(SingleValue.parseUnsigned("  12 \n\n", "memory.current")).isEqualTo(12L);
    assertThat(SingleValue.parseUnsigned("0", "memory.current")).isZero();
  }

  @Test
  void maxIsUnlimitedAndANumberIsFinite() {
    assertThat(SingleValue.parseMaxOrUnsigned("max\n", "memory.max")).isEqualTo(Limit.unlimited());
    assertThat(SingleValue.parseMaxOrUnsigned("268435456\n", "memory.max")).isEqualTo(Limit.of(268435456));
    assertThat(SingleValue.parseMaxOrUnsigned("0\n", "memory.max")).isEqualTo(Limit.of(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "   \n", "12 34\n", "12\n34\n", "abc\n", "-5\n", "max2\n", "MAX\n", "1.5\n",
    "18446744073709551616\n", "\u0000\u0001"})
  void rejectsAnythingButOneValue(String text) {
    assertThatThrownBy(() -> SingleValue.parseMaxOrUnsigned(text, "pids.max"))
        .isInstanceOf(CgroupParseException.class)
        .satisfies(e -> assertThat(((CgroupParseException) e).fileName()).isEqualTo("pids.max"));
  }

  @Test
  void signedAcceptsMinusOne() {
    assertThat(SingleValue.parseSigned("-1\n", "cpu.cfs_quota_us")).isEqualTo(-1);
    assertThatThrownBy(() -> SingleValue.parseSigned("--1\n", "cpu.cfs_quota_us"))
        .isInstanceOf(CgroupParseException.class);
  }

  @Test
  void emptyTextSaysEmpty() {
    assertThatThrownBy(() -> SingleValue.parseUnsigned("", "memory.current"))
        .isInstanceOf(CgroupParseException.class)
        .hasMessage("memory.current: empty");
  }
}
