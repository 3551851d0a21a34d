package dev.criexporter.cgroup.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cgroup.parse.CgroupParseException;
import org.junit.jupiter.api.Test;

class MemoryEventsV2Test {

  @Test
  void parsesAllEvents() {
    MemoryEventsV2 e = MemoryEventsV2.parse("low 1\nhigh 2\nmax 3\noom 4\noom_kill 5\noom_group_kill 6\n");
    assertThat(e.low()).hasValue(1);
    assertThat(e.high()).hasValue(2);
    assertThat(e.max()).hasValue(3);
    assertThat(e.oom()).hasValue(4);
    assertThat(e.oomKill()).hasValue(5);
    assertThat(e.oomGroupKill()).hasValue(6);
  }

  @Test
  void olderKernelsWithoutOomGroupKillLeaveItEmpty() {
    MemoryEventsV2 e = MemoryEventsV2.parse("low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
    assertThat(e.oomKill()).hasValue(0);
    assertThat(e.oomGroupKill()).isEmpty();
  }

  @Test
  void rejectsMalformed() {
    assertThatThrownBy(() -> MemoryEventsV2.parse("")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> MemoryEventsV2.parse("oom_kill\n")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> MemoryEventsV2.parse("oom_kill x\n")).isInstanceOf(CgroupParseException.class);
  }
}
