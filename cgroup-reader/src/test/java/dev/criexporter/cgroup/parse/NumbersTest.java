package dev.criexporter.cgroup.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NumbersTest {

  private static long unsigned(String s) {
    return Numbers.parseUnsigned(s, 0, s.length(), "f");
  }

  @Test
  void parsesUnsignedDecimalsUpToTwoToTheSixtyFourMinusOne() {
    assertThat(unsigned("0")).isZero();
    assertThat(unsigned("123456789")).isEqualTo(123456789L);
    assertThat(unsigned("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(Long.toUnsignedString(unsigned("18446744073709551615"))).isEqualTo("18446744073709551615");
    assertThat(Long.toUnsignedString(unsigned("9223372036854775808"))).isEqualTo("9223372036854775808");
  }

  @Test
  void parsesARegionInsideLargerText() {
    String text = "key 4096 rest";
    assertThat(Numbers.parseUnsigned(text, 4, 8, "f")).isEqualTo(4096);
  }

  @Test
  void rejectsOverflowNonDigitsAndEmpty() {
    assertThatThrownBy(() -> unsigned("18446744073709551616"))
        .isInstanceOf(CgroupParseException.class).hasMessageContaining("exceeds 64 bits");
    assertThatThrownBy(() -> unsigned("99999999999999999999999"))
        .isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> unsigned("12a")).isInstanceOf(CgroupParseException.class)
        .hasMessageContaining("'12a'");
    assertThatThrownBy(() -> unsigned("-1")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> unsigned("")).isInstanceOf(CgroupParseException.class)
        .hasMessageContaining("found nothing");
    assertThatThrownBy(() -> unsigned("+5")).isInstanceOf(CgroupParseException.class);
  }

  @Test
  void isUnsignedAgreesWithParse() {
    assertThat(Numbers.isUnsigned("18446744073709551615", 0, 20)).isTrue();
    assertThat(Numbers.isUnsigned("18446744073709551616", 0, 20)).isFalse();
    assertThat(Numbers.isUnsigned("1x", 0, 2)).isFalse();
    assertThat(Numbers.isUnsigned("", 0, 0)).isFalse();
  }

  @Test
  void parsesSignedDecimals() {
    assertThat(Numbers.parseSigned("-1", 0, 2, "f")).isEqualTo(-1);
    assertThat(Numbers.parseSigned("50000", 0, 5, "f")).isEqualTo(50000);
    assertThat(Numbers.parseSigned("-9223372036854775808", 0, 20, "f")).isEqualTo(Long.MIN_VALUE);
    assertThatThrownBy(() -> Numbers.parseSigned("9223372036854775808", 0, 19, "f"))
        .isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> Numbers.parseSigned("-9223372036854775809", 0, 20, "f"))
        .isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> Numbers.parseSigned("-", 0, 1, "f")).isInstanceOf(CgroupParseException.class);
  }

  @Test
  void parsesDecimalFractions() {
    assertThat(Numbers.parseDecimal("0.00", 0, 4, "f")).isEqualTo(0.0);
    assertThat(Numbers.parseDecimal("12.34", 0, 5, "f")).isEqualTo(12.34, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Numbers.parseDecimal("100.5", 0, 5, "f")).isEqualTo(100.5);
    assertThat(Numbers.parseDecimal("7", 0, 1, "f")).isEqualTo(7.0);
    assertThatThrownBy(() -> Numbers.parseDecimal(".5", 0, 2, "f")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> Numbers.parseDecimal("5.", 0, 2, "f")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> Numbers.parseDecimal("1.2.3", 0, 5, "f")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> Numbers.parseDecimal("nan", 0, 3, "f")).isInstanceOf(CgroupParseException.class);
  }

  @Test
  void parsesDeviceNumbers() {
    long device = Numbers.parseDevice("259:12", 0, 6, "f");
    assertThat(device >>> 32).isEqualTo(259);
    assertThat((int) device).isEqualTo(12);
    assertThatThrownBy(() -> Numbers.parseDevice("8-0", 0, 3, "f")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> Numbers.parseDevice("8:", 0, 2, "f")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> Numbers.parseDevice("4294967296:0", 0, 12, "f"))
        .isInstanceOf(CgroupParseException.class).hasMessageContaining("out of range");
  }
}
