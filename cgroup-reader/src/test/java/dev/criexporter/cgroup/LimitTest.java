package dev.criexporter.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LimitTest {

  @Test
  void finiteLimitCarriesItsUnsignedValue() {
    Limit limit = Limit.of(-1L);
    assertThat(limit.isFinite()).isTrue();
    assertThat(limit.value()).isEqualTo(-1L);
    assertThat(limit.finiteValue()).hasValue(-1L);
    assertThat(limit).hasToString("18446744073709551615");
  }

  @Test
  void unlimitedAndAbsentHaveNoValue() {
    assertThat(Limit.unlimited().isUnlimited()).isTrue();
    assertThat(Limit.absent().isAbsent()).isTrue();
    assertThat(Limit.unlimited().finiteValue()).isEmpty();
    assertThatThrownBy(() -> Limit.unlimited().value()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Limit.absent().value()).isInstanceOf(IllegalStateException.class);
    assertThat(Limit.unlimited()).hasToString("unlimited").isNotEqualTo(Limit.absent()).isNotEqualTo(Limit.of(0));
  }

  @Test
  void nonFiniteKindsRejectAValue() {
    assertThatThrownBy(() -> new Limit(Limit.Kind.UNLIMITED, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new Limit(Limit.Kind.ABSENT, 0)).isEqualTo(Limit.absent());
  }
}
