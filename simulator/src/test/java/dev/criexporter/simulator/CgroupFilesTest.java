package dev.criexporter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CgroupFilesTest {

  private static final CpuStats CPU = new CpuStats(8_000_000_000L, 2_000_123_000L, 1_200, 35, 4_200_000_000L);

  /** 50 MiB anon, 30 MiB file of which 4 MiB shmem; usage 24000 pages, peak 25600 pages. */
  static final MemoryStats MEMORY = new MemoryStats(
      52_428_800, 31_457_280, 4_194_304, 8_388_608, 8_192, 50_331_648, 10_485_760,
      327_680, 1_179_648, 12_288, 45_056, 8_388_608, 4_194_304,
      98_304_000, 104_857_600, 0,
      148_231, 27, 3_021, 120, 100, 7, 2, 3, 1, 1);

  private static final IoStats IO = new IoStats(1_459_200, 314_773_504, 192, 353);

  @Test
  void derivedMemoryValuesFollowTheKernelsBookkeeping() {
    assertThat(MEMORY.inactiveAnon()).isEqualTo(6_291_456);
    assertThat(MEMORY.inactiveFile()).isEqualTo(16_777_216);
    assertThat(MEMORY.workingSet()).isEqualTo(98_304_000 - 16_777_216);
    assertThat(MEMORY.kernel()).isEqualTo(327_680 + 1_179_648 + 12_288 + 12_582_912);
    assertThat(MEMORY.pgpgin() - MEMORY.pgpgout()).isEqualTo(98_304_000 / 4096);
  }

  @Test
  void v2CpuStat() {
    assertThat(CgroupV2Files.cpuStat(CPU)).isEqualTo("""
        usage_usec 10000123
        user_usec 8000000
        system_usec 2000123
        nr_periods 1200
        nr_throttled 35
        throttled_usec 4200000
        nr_bursts 0
        burst_usec 0
        """);
  }

  @Test
  void v2LimitsAndWeights() {
    CgroupLimits limited = new CgroupLimits(512, OptionalLong.of(50_000), 100_000, OptionalLong.of(268_435_456),
        OptionalLong.of(4_096));
    CgroupLimits free = CgroupLimits.unlimited(2);
    assertThat(CgroupV2Files.cpuMax(limited)).isEqualTo("50000 100000\n");
    assertThat(CgroupV2Files.cpuMax(free)).isEqualTo("max 100000\n");
    // runc: weight = 1 + ((shares - 2) * 9999) / 262142
    assertThat(CgroupV2Files.cpuWeight(limited)).isEqualTo("20\n");
    assertThat(CgroupV2Files.cpuWeight(free)).isEqualTo("1\n");
    assertThat(CgroupV2Files.limit(limited.memoryLimitBytes())).isEqualTo("268435456\n");
    assertThat(CgroupV2Files.limit(free.memoryLimitBytes())).isEqualTo("max\n");
    assertThat(CgroupV2Files.limit(limited.swapLimitBytes())).isEqualTo("0\n");
    assertThat(CgroupV2Files.limit(free.swapLimitBytes())).isEqualTo("max\n");
    assertThat(CgroupV2Files.limit(limited.pidsLimit())).isEqualTo("4096\n");
  }

  @Test
  void v2MemoryFiles() {
    assertThat(CgroupV2Files.memoryCurrent(MEMORY)).isEqualTo("98304000\n");
    assertThat(CgroupV2Files.memoryPeak(MEMORY)).isEqualTo("104857600\n");
    assertThat(CgroupV2Files.memorySwapCurrent(MEMORY)).isEqualTo("0\n");
    assertThat(CgroupV2Files.memoryEvents(MEMORY)).isEqualTo("""
        low 0
        high 0
        max 3
        oom 1
        oom_kill 1
        oom_group_kill 0
        """);
    assertThat(CgroupV2Files.memoryStat(MEMORY)).isEqualTo("""
        anon 52428800
        file 31457280
        kernel 14102528
        kernel_stack 327680
        pagetables 1179648
        sec_pagetables 0
        percpu 12288
        sock 45056
        vmalloc 0
        shmem 4194304
        zswap 0
        zswapped 0
        file_mapped 8388608
        file_dirty 8192
        file_writeback 0
        swapcached 0
        anon_thp 0
        file_thp 0
        shmem_thp 0
        inactive_anon 6291456
        active_anon 50331648
        inactive_file 16777216
        active_file 10485760
        unevictable 0
        slab_reclaimable 8388608
        slab_unreclaimable 4194304
        slab 12582912
        workingset_refault_anon 0
        workingset_refault_file 7
        workingset_activate_anon 0
        workingset_activate_file 2
        workingset_restore_anon 0
        workingset_restore_file 0
        workingset_nodereclaim 0
        pgscan 120
        pgsteal 100
        pgscan_kswapd 0
        pgscan_direct 120
        pgsteal_kswapd 0
        pgsteal_direct 100
        pgfault 148231
        pgmajfault 27
        pgrefill 0
        pgactivate 3021
        pgdeactivate 0
        pglazyfree 0
        pglazyfreed 0
        zswpin 0
        zswpout 0
        thp_fault_alloc 0
        thp_collapse_alloc 0
        """);
  }

  @Test
  void v2IoStatPressureAndProcs() {
    assertThat(CgroupV2Files.ioStat(IO))
        .isEqualTo("8:0 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0\n");
    assertThat(CgroupV2Files.ioStat(IoStats.ZERO)).isEmpty();
    Pressure p = new Pressure(new Pressure.Line(1.5, 0.07, 0, 7_773_378), new Pressure.Line(0, 0, 0, 12));
    assertThat(CgroupV2Files.pressure(p)).isEqualTo("""
        some avg10=1.50 avg60=0.07 avg300=0.00 total=7773378
        full avg10=0.00 avg60=0.00 avg300=0.00 total=12
        """);
    assertThat(CgroupV2Files.procs(List.of(4021L, 4022L))).isEqualTo("4021\n4022\n");
    assertThat(CgroupV2Files.pidsCurrent(17)).isEqualTo("17\n");
  }

  @Test
  void v1CpuFiles() {
    assertThat(CgroupV1Files.cpuacctUsage(CPU)).isEqualTo("10000123000\n");
    assertThat(CgroupV1Files.cpuacctStat(CPU)).isEqualTo("user 800\nsystem 200\n");
    assertThat(CgroupV1Files.cpuStat(CPU)).isEqualTo("""
        nr_periods 1200
        nr_throttled 35
        throttled_time 4200000000
        nr_bursts 0
        burst_time 0
        """);
    CgroupLimits limited = new CgroupLimits(512, OptionalLong.of(50_000), 100_000, OptionalLong.of(268_435_456),
        OptionalLong.empty());
    assertThat(CgroupV1Files.cfsQuota(limited)).isEqualTo("50000\n");
    assertThat(CgroupV1Files.cfsQuota(CgroupLimits.unlimited(2))).isEqualTo("-1\n");
    assertThat(CgroupV1Files.cfsPeriod(limited)).isEqualTo("100000\n");
    assertThat(CgroupV1Files.shares(limited)).isEqualTo("512\n");
    assertThat(CgroupV1Files.pidsMax(OptionalLong.empty())).isEqualTo("max\n");
  }

  @Test
  void v1MemoryFiles() {
    assertThat(CgroupV1Files.memoryUsage(MEMORY)).isEqualTo("98304000\n");
    assertThat(CgroupV1Files.memoryMaxUsage(MEMORY)).isEqualTo("104857600\n");
    assertThat(CgroupV1Files.memoryFailcnt(MEMORY)).isEqualTo("3\n");
    assertThat(CgroupV1Files.memoryLimit(OptionalLong.empty())).isEqualTo("9223372036854771712\n");
    assertThat(CgroupV1Files.memoryLimit(OptionalLong.of(268_435_456))).isEqualTo("268435456\n");
    assertThat(CgroupV1Files.memoryStat(MEMORY, MEMORY, OptionalLong.of(268_435_456))).isEqualTo("""
        cache 31457280
        rss 52428800
        rss_huge 0
        shmem 4194304
        mapped_file 8388608
        dirty 8192
        writeback 0
        workingset_refault_anon 0
        workingset_refault_file 7
        swap 0
        swapcached 0
        pgpgin 173831
        pgpgout 149831
        pgfault 148231
        pgmajfault 27
        inactive_anon 6291456
        active_anon 50331648
        inactive_file 16777216
        active_file 10485760
        unevictable 0
        hierarchical_memory_limit 268435456
        hierarchical_memsw_limit 268435456
        total_cache 31457280
        total_rss 52428800
        total_rss_huge 0
        total_shmem 4194304
        total_mapped_file 8388608
        total_dirty 8192
        total_writeback 0
        total_workingset_refault_anon 0
        total_workingset_refault_file 7
        total_swap 0
        total_swapcached 0
        total_pgpgin 173831
        total_pgpgout 149831
        total_pgfault 148231
        total_pgmajfault 27
        total_inactive_anon 6291456
        total_active_anon 50331648
        total_inactive_file 16777216
        total_active_file 10485760
        total_unevictable 0
        """);
  }

  @Test
  void v1MemoryStatOfACgroupWithoutProcessesHasOnlyTotals() {
    String stat = CgroupV1Files.memoryStat(MemoryStats.ZERO, MEMORY, OptionalLong.empty());
    assertThat(stat).startsWith("cache 0\nrss 0\n")
        .contains("\nhierarchical_memory_limit 9223372036854771712\n")
        .contains("\ntotal_rss 52428800\n")
        .contains("\npgpgin 0\npgpgout 0\n");
  }

  @Test
  void v1Blkio() {
    assertThat(CgroupV1Files.ioServiceBytes(IO)).isEqualTo("""
        8:0 Read 1459200
        8:0 Write 314773504
        8:0 Sync 1459200
        8:0 Async 314773504
        8:0 Discard 0
        8:0 Total 316232704
        Total 316232704
        """);
    assertThat(CgroupV1Files.ioServiced(IO)).isEqualTo("""
        8:0 Read 192
        8:0 Write 353
        8:0 Sync 192
        8:0 Async 353
        8:0 Discard 0
        8:0 Total 545
        Total 545
        """);
    assertThat(CgroupV1Files.ioServiced(IoStats.ZERO)).isEqualTo("Total 0\n");
  }
}
