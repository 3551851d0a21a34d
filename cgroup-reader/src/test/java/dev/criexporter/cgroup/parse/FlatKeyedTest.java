package dev.criexporter.cgroup.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class FlatKeyedTest {

  private static final KeyTable KEYS = KeyTable.of("alpha", "beta", "gamma");

  @Test
  void readsKnownKeysAndKeepsOrIgnoresUnknownOnes() {
    String text = "alpha 1\nunknown_key 42\nbeta 18446744073709551615\n";
    KeyedValues kept = FlatKeyed.parse(text, KEYS, true, "f");
    assertThat(kept.get("alpha")).hasValue(1);
    assertThat(kept.get("beta")).hasValue(-1L);
    assertThat(kept.get("gamma")).isEmpty();
    assertThat(kept.get("unknown_key")).hasValue(42);
    assertThat(kept.asMap()).containsOnly(entry("alpha", 1L), entry("beta", -1L), entry("unknown_key", 42L));

    KeyedValues ignored = FlatKeyed.parse(text, KEYS, false, "f");
    assertThat(ignored.get("unknown_key")).isEmpty();
    assertThat(ignored.size()).isEqualTo(2);
  }

  @Test
  void unknownKeyWithANonNumericValueIsSkippedNotFatal() {
    KeyedValues v = FlatKeyed.parse("alpha 1\nfuture_key on\n", KEYS, true, "f");
    assertThat(v.asMap()).containsOnly(entry("alpha", 1L));
  }

  @Test
  void toleratesBlankLinesTabsAndAMissingFinalNewline() {
    KeyedValues v = FlatKeyed.parse("\nalpha\t5\r\n\n  beta   6", KEYS, false, "f");
    assertThat(v.get(0)).isEqualTo(OptionalLong.of(5));
    assertThat(v.get(1)).isEqualTo(OptionalLong.of(6));
  }

  @Test
  void repeatedKeyKeepsTheLastValue() {
    KeyedValues v = FlatKeyed.parse("alpha 1\nalpha 2\nzeta 1\nzeta 3\n", KEYS, true, "f");
    assertThat(v.get("alpha")).hasValue(2);
    assertThat(v.get("zeta")).hasValue(3);
  }

  @Test
  void keyWithoutValueIsMalformedWithLineNumber() {
    assertThatThrownBy(() -> FlatKeyed.parse("alpha 1\nbeta\n", KEYS, false, "cpu.stat"))
        .isInstanceOf(CgroupParseException.class)
        .hasMessage("cpu.stat: line 2: key 'beta' has no value");
  }

  @Test
  void truncatedTextEndingInsideAKeyIsMalformed() {
    assertThatThrownBy(() -> FlatKeyed.parse("alpha 1\nbe", KEYS, false, "f"))
        .isInstanceOf(CgroupParseException.class);
  }

  @Test
  void threeFieldsOrABadKnownValueIsMalformed() {
    assertThatThrownBy(() -> FlatKeyed.parse("alpha 1 2\n", KEYS, false, "f"))
        .isInstanceOf(CgroupParseException.class).hasMessageContaining("expected 'key value'");
    assertThatThrownBy(() -> FlatKeyed.parse("alpha -1\n", KEYS, false, "f"))
        .isInstanceOf(CgroupParseException.class).hasMessageContaining("not an unsigned number");
    assertThatThrownBy(() -> FlatKeyed.parse("alpha 0x10\n", KEYS, false, "f"))
        .isInstanceOf(CgroupParseException.class);
  }

  @Test
  void emptyTextIsEmptyButParseNonEmptyRejectsIt() {
    assertThat(FlatKeyed.parse("", KEYS, true, "f").isEmpty()).isTrue();
    assertThatThrownBy(() -> FlatKeyed.parseNonEmpty("\n", KEYS, true, "f"))
        .isInstanceOf(CgroupParseException.class).hasMessage("f: empty");
    assertThatThrownBy(() -> FlatKeyed.parseNonEmpty("other 1\n", KEYS, false, "f"))
        .isInstanceOf(CgroupParseException.class).hasMessage("f: no known key");
  }

  @Test
  void garbageIsMalformed() {
    assertThatThrownBy(() -> FlatKeyed.parse("\u0000\u00ff\u0001 \u0002 zz\n", KEYS, true, "f"))
        .isInstanceOf(CgroupParseException.class);
  }

  @Test
  void valuesCompareByContent() {
    assertThat(FlatKeyed.parse("alpha 1\nx 2\n", KEYS, true, "f"))
        .isEqualTo(FlatKeyed.parse("x 2\nalpha 1\n", KEYS, true, "f"))
        .isNotEqualTo(FlatKeyed.parse("alpha 1\n", KEYS, true, "f"));
  }
}
