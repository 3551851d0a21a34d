package dev.criexporter.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class UnsignedTest {

  @Test
  void valuesAboveTwoToTheSixtyThreeStayPositive() {
    assertThat(Unsigned.toDouble(42)).isEqualTo(42.0);
    assertThat(Unsigned.toDouble(Long.MAX_VALUE)).isEqualTo(9.223372036854775807E18);
    assertThat(Unsigned.toDouble(-1L)).isEqualTo(new BigInteger("18446744073709551615").doubleValue());
    assertThat(Unsigned.toDouble(Long.MIN_VALUE)).isEqualTo(new BigInteger("9223372036854775808").doubleValue());
  }
}
