package dev.criexporter.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CgroupPathsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', emptyValue = "", value = {
    "/kubepods/burstable/pod1/abc | kubepods/burstable/pod1/abc",
    "kubepods/pod1                | kubepods/pod1",
    "//a///b/                     | a/b",
    "/                            | ''",
    "''                           | ''",
    "a.slice/b.scope              | a.slice/b.scope",
    "kubepods/                    | kubepods",
    ".../a..b/.x                  | .../a..b/.x"})
  void stripsLeadingAndRepeatedSlashes(String input, String expected) {
    assertThat(CgroupPaths.toRelative(input)).isEqualTo(expected);
  }

  @Test
  void aCleanPathIsReturnedAsIs() {
    String clean = "kubepods/burstable/pod1/abc";
    assertThat(CgroupPaths.toRelative(clean)).isSameAs(clean);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../etc", "/kubepods/../../etc", "a/./b", "..", "a/b\u0000c"})
  void rejectsEscapes(String input) {
    assertThatThrownBy(() -> CgroupPaths.toRelative(input)).isInstanceOf(IllegalArgumentException.class);
  }
}
