package dev.criexporter.cgroup.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cgroup.parse.CgroupParseException;
import org.junit.jupiter.api.Test;

class OomControlTest {

  @Test
  void parsesAllFields() {
    OomControl o = OomControl.parse("oom_kill_disable 0\nunder_oom 1\noom_kill 2\n");
    assertThat(o.oomKillDisable()).hasValue(0);
    assertThat(o.underOom()).hasValue(1);
    assertThat(o.oomKill()).hasValue(2);
  }

  @Test
  void kernelsBefore413HaveNoOomKillCount() {
    assertThat(OomControl.parse("oom_kill_disable 0\nunder_oom 0\n").oomKill()).isEmpty();
  }

  @Test
  void rejectsMalformed() {
    assertThatThrownBy(() -> OomControl.parse("oom_kill yes\n")).isInstanceOf(CgroupParseException.class)
        .hasMessageStartingWith("memory.oom_control: ");
  }
}
