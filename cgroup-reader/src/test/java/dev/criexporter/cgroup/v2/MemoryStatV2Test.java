package dev.criexporter.cgroup.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cgroup.parse.CgroupParseException;
import org.junit.jupiter.api.Test;

class MemoryStatV2Test {

  private static final String TEXT = """
      anon 52428800
      file 20971520
      kernel 2097152
      kernel_stack 196608
      pagetables 540672
      sock 4096
      shmem 12288
      file_mapped 5242880
      file_dirty 8192
      file_writeback 4096
      inactive_anon 16384
      active_anon 52424704
      inactive_file 8388608
      active_file 12570624
      unevictable 0
      slab_reclaimable 700000
      slab_unreclaimable 300000
      slab 1000000
      workingset_refault_anon 3
      workingset_refault_file 37
      pgfault 48211
      pgmajfault 7
      some_future_counter 99
      """;

  @Test
  void typedAccessorsReadTheirKeys() {
    MemoryStatV2 s = MemoryStatV2.parse(TEXT);
    assertThat(s.anon()).hasValue(52428800);
    assertThat(s.file()).hasValue(20971520);
    assertThat(s.kernel()).hasValue(2097152);
    assertThat(s.kernelStack()).hasValue(196608);
    assertThat(s.slab()).hasValue(1000000);
    assertThat(s.sock()).hasValue(4096);
    assertThat(s.shmem()).hasValue(12288);
    assertThat(s.fileMapped()).hasValue(5242880);
    assertThat(s.fileDirty()).hasValue(8192);
    assertThat(s.fileWriteback()).hasValue(4096);
    assertThat(s.activeAnon()).hasValue(52424704);
    assertThat(s.inactiveAnon()).hasValue(16384);
    assertThat(s.activeFile()).hasValue(12570624);
    assertThat(s.inactiveFile()).hasValue(8388608);
    assertThat(s.unevictable()).hasValue(0);
    assertThat(s.pgfault()).hasValue(48211);
    assertThat(s.pgmajfault()).hasValue(7);
    assertThat(s.workingsetRefaultAnon()).hasValue(3);
    assertThat(s.workingsetRefaultFile()).hasValue(37);
  }

  @Test
  void keepsEveryKeyIncludingUnknownOnes() {
    MemoryStatV2 s = MemoryStatV2.parse(TEXT);
    assertThat(s.values().asMap()).hasSize(23).containsEntry("some_future_counter", 99L)
        .containsEntry("pagetables", 540672L);
    assertThat(s.get("some_future_counter")).hasValue(99);
    assertThat(s.get("zswap")).isEmpty();
  }

  @Test
  void olderKernelsWithoutKernelKeyLeaveItEmpty() {
    MemoryStatV2 s = MemoryStatV2.parse("anon 1\nfile 2\n");
    assertThat(s.kernel()).isEmpty();
    assertThat(s.anon()).hasValue(1);
  }

  @Test
  void rejectsMalformed() {
    assertThatThrownBy(() -> MemoryStatV2.parse("")).isInstanceOf(CgroupParseException.class)
        .hasMessage("memory.stat: empty");
    assertThatThrownBy(() -> MemoryStatV2.parse("anon 1\nfile -2\n")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> MemoryStatV2.parse("anon 1 2\n")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> MemoryStatV2.parse("anon 52428800\nfil")).isInstanceOf(CgroupParseException.class);
  }
}
