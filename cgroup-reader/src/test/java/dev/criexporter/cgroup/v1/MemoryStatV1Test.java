package dev.criexporter.cgroup.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cgroup.parse.CgroupParseException;
import org.junit.jupiter.api.Test;

class MemoryStatV1Test {

  /** The root memory cgroup of a 6.x kernel with hybrid cgroups. */
  private static final String TEXT = """
      cache 10293248
      rss 5107712
      rss_huge 0
      shmem 9084928
      mapped_file 7471104
      dirty 28672
      writeback 0
      workingset_refault_anon 0
      workingset_refault_file 276
      swap 0
      swapcached 0
      pgpgin 33512
      pgpgout 29752
      pgfault 33329
      pgmajfault 0
      inactive_anon 0
      active_anon 1531904
      inactive_file 40960
      active_file 1167360
      unevictable 12660736
      hierarchical_memory_limit 9223372036854771712
      hierarchical_memsw_limit 9223372036854771712
      total_cache 283058176
      total_rss 9093120
      total_rss_huge 0
      total_shmem 9084928
      total_mapped_file 10919936
      total_dirty 208896
      total_writeback 0
      total_workingset_refault_anon 0
      total_workingset_refault_file 6970
      total_swap 0
      total_swapcached 0
      total_pgpgin 1042200
      total_pgpgout 990539
      total_pgfault 1450925
      total_pgmajfault 689
      total_inactive_anon 3878912
      total_active_anon 1560576
      total_inactive_file 197558272
      total_active_file 76414976
      total_unevictable 12660736
      """;

  @Test
  void typedAccessorsUseTheHierarchicalTotals() {
    MemoryStatV1 s = MemoryStatV1.parse(TEXT);
    assertThat(s.totalRss()).hasValue(9093120);
    assertThat(s.totalCache()).hasValue(283058176);
    assertThat(s.totalRssHuge()).hasValue(0);
    assertThat(s.totalShmem()).hasValue(9084928);
    assertThat(s.totalMappedFile()).hasValue(10919936);
    assertThat(s.totalDirty()).hasValue(208896);
    assertThat(s.totalWriteback()).hasValue(0);
    assertThat(s.totalSwap()).hasValue(0);
    assertThat(s.totalPgfault()).hasValue(1450925);
    assertThat(s.totalPgmajfault()).hasValue(689);
    assertThat(s.totalInactiveAnon()).hasValue(3878912);
    assertThat(s.totalActiveAnon()).hasValue(1560576);
    assertThat(s.totalInactiveFile()).hasValue(197558272);
    assertThat(s.totalActiveFile()).hasValue(76414976);
    assertThat(s.totalUnevictable()).hasValue(12660736);
    assertThat(s.hierarchicalMemoryLimit()).hasValue(9223372036854771712L);
  }

  @Test
  void plainKeysStayReachable() {
    MemoryStatV1 s = MemoryStatV1.parse(TEXT);
    assertThat(s.get("rss")).hasValue(5107712);
    assertThat(s.get("total_workingset_refault_file")).hasValue(6970);
    assertThat(s.values().asMap()).hasSize(42);
  }

  @Test
  void withoutSwapAccountingTotalSwapIsEmpty() {
    MemoryStatV1 s = MemoryStatV1.parse("cache 0\nrss 0\ntotal_cache 1\ntotal_rss 2\n");
    assertThat(s.totalSwap()).isEmpty();
    assertThat(s.totalRss()).hasValue(2);
  }

  @Test
  void rejectsMalformed() {
    assertThatThrownBy(() -> MemoryStatV1.parse("")).isInstanceOf(CgroupParseException.class)
        .hasMessage("memory.stat: empty");
    assertThatThrownBy(() -> MemoryStatV1.parse("total_rss\n")).isInstanceOf(CgroupParseException.class);
    assertThatThrownBy(() -> MemoryStatV1.parse("total_rss 1e6\n")).isInstanceOf(CgroupParseException.class);
  }
}
