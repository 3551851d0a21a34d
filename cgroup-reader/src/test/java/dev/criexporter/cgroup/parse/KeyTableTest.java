package dev.criexporter.cgroup.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTableTest {

  @Test
  void findsEveryKeyByRegionAndMissesOthers() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      keys.add("key_" + i);
    }
    KeyTable table = KeyTable.of(keys.toArray(String[]::new));
    for (int i = 0; i < 300; i++) {
      String text = "xx key_" + i + " yy";
      assertThat(table.indexOf(text, 3, 3 + keys.get(i).length())).isEqualTo(i);
    }
    assertThat(table.indexOf("key_300", 0, 7)).isEqualTo(-1);
    assertThat(table.indexOf("key_", 0, 4)).isEqualTo(-1);
    assertThat(table.indexOf("", 0, 0)).isEqualTo(-1);
  }

  @Test
  void indexOfStringRejectsUnknownKeys() {
    KeyTable table = KeyTable.of("anon", "file");
    assertThat(table.indexOf("file")).isEqualTo(1);
    assertThatThrownBy(() -> table.indexOf("slab")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsDuplicateAndEmptyKeys() {
    assertThatThrownBy(() -> KeyTable.of("a", "b", "a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyTable.of("a", "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEmptyTableKnowsNothing() {
    KeyTable table = KeyTable.of();
    assertThat(table.size()).isZero();
    assertThat(table.indexOf("x", 0, 1)).isEqualTo(-1);
  }
}
