package dev.criexporter.cgroup.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cgroup.parse.CgroupParseException;
import dev.criexporter.cgroup.parse.SingleValue;
import dev.criexporter.cgroup.v1.BlkioStat;
import dev.criexporter.cgroup.v1.CpuStatV1;
import dev.criexporter.cgroup.v1.CpuacctStat;
import dev.criexporter.cgroup.v1.MemoryStatV1;
import dev.criexporter.cgroup.v1.OomControl;
import dev.criexporter.cgroup.v1.V1Values;
import dev.criexporter.cgroup.v2.CpuMax;
import dev.criexporter.cgroup.v2.CpuStatV2;
import dev.criexporter.cgroup.v2.IoStatV2;
import dev.criexporter.cgroup.v2.MemoryEventsV2;
import dev.criexporter.cgroup.v2.MemoryStatV2;
import dev.criexporter.cgroup.v2.Pressure;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * Every cgroup parser against 100,000 generated inputs each: random text over the characters
 * cgroup files use, and valid files mutated (bytes replaced, lines cut, duplicated, truncated).
 * A parser may return a value or throw {@link CgroupParseException}; nothing else may escape,
 * and no input may take more than a second (a hang).
 */
@Tag("fuzz")
class ParserFuzzTest {
  static final int TRIES = 100_000;

  static final String MEMORY_STAT_V2 = """
      anon 1048576
      file 2097152
      kernel 65536
      shmem 0
      file_mapped 4096
      inactive_anon 0
      active_anon 1048576
      inactive_file 2097152
      active_file 0
      pgfault 1234
      pgmajfault 5
      """;
  static final String MEMORY_STAT_V1 = """
      cache 10293248
      rss 5107712
      mapped_file 0
      total_cache 10293248
      total_rss 5107712
      total_inactive_file 4096
      total_active_file 8192
      hierarchical_memory_limit 9223372036854771712
      """;
  static final List<String> SAMPLES = List.of(MEMORY_STAT_V2, MEMORY_STAT_V1,
      "usage_usec 123\nuser_usec 100\nsystem_usec 23\nnr_periods 5\nnr_throttled 1\n"
          + "throttled_usec 7\nnr_bursts 0\nburst_usec 0\n",
      "nr_periods 10\nnr_throttled 2\nthrottled_time 3000\n",
      "user 100\nsystem 20\n",
      "max 100000\n", "50000 100000\n",
      "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0\n",
      "some avg10=0.00 avg60=0.10 avg300=0.00 total=1234\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=7\n",
      "low 0\nhigh 3\nmax 1\noom 0\noom_kill 0\noom_group_kill 0\n",
      "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n",
      "8:0 Read 4096\n8:0 Write 0\n8:0 Sync 0\n8:0 Async 4096\n8:0 Discard 0\n8:0 Total 4096\nTotal 4096\n",
      "max\n", "18446744073709551615\n", "-1\n", "9223372036854771712\n");

  @Provide
  Arbitrary<String> inputs() {
    Arbitrary<String> random = Arbitraries.strings()
        .withChars("0123456789 \n\t=:-.abcdefghijklmnopqrstuvwxyz_")
        .withCharRange('\u0000', '\u00ff').ofMaxLength(300);
    Arbitrary<String> mutated = Combinators.combine(Arbitraries.of(SAMPLES),
        Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 5),
        Arbitraries.chars().with("0123456789 \n=:-x\u0000\uffff".toCharArray()))
        .as(ParserFuzzTest::mutate);
    return Arbitraries.oneOf(random, mutated);
  }

  static String mutate(String sample, int position, int how, char c) {
    if (sample.isEmpty()) {
      return String.valueOf(c);
    }
    int i = position % sample.length();
    return switch (how) {
      case 0 -> sample.substring(0, i) + c + sample.substring(i + 1);
      case 1 -> sample.substring(0, i);
      case 2 -> sample.substring(0, i) + sample.substring(i).replaceFirst("\n", "");
      case 3 -> sample + sample.substring(i);
      case 4 -> sample.substring(0, i) + c + c + c + sample.substring(i);
      default -> sample.replace(' ', c);
    };
  }

  static void survives(String input, Consumer<String> parser) {
    long start = System.nanoTime();
    try {
      parser.accept(input);
    } catch (CgroupParseException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
    assertThat(System.nanoTime() - start).as("parse time (hang guard)").isLessThan(1_000_000_000L);
  }

  @Property(tries = TRIES)
  void memoryStatV2(@ForAll("inputs") String s) {
    survives(s, MemoryStatV2::parse);
  }

  @Property(tries = TRIES)
  void memoryStatV1(@ForAll("inputs") String s) {
    survives(s, MemoryStatV1::parse);
  }

  @Property(tries = TRIES)
  void cpuStatV2(@ForAll("inputs") String s) {
    survives(s, CpuStatV2::parse);
  }

  @Property(tries = TRIES)
  void cpuStatV1(@ForAll("inputs") String s) {
    survives(s, CpuStatV1::parse);
  }

  @Property(tries = TRIES)
  void cpuacctStat(@ForAll("inputs") String s) {
    survives(s, CpuacctStat::parse);
  }

  @Property(tries = TRIES)
  void cpuMax(@ForAll("inputs") String s) {
    survives(s, CpuMax::parse);
  }

  @Property(tries = TRIES)
  void ioStatV2(@ForAll("inputs") String s) {
    survives(s, IoStatV2::parse);
  }

  @Property(tries = TRIES)
  void pressure(@ForAll("inputs") String s) {
    survives(s, t -> Pressure.parse(t, "cpu.pressure"));
  }

  @Property(tries = TRIES)
  void memoryEvents(@ForAll("inputs") String s) {
    survives(s, MemoryEventsV2::parse);
  }

  @Property(tries = TRIES)
  void oomControl(@ForAll("inputs") String s) {
    survives(s, OomControl::parse);
  }

  @Property(tries = TRIES)
  void blkio(@ForAll("inputs") String s) {
    survives(s, t -> BlkioStat.parse(t, "blkio.throttle.io_service_bytes"));
  }

  @Property(tries = TRIES)
  void singleValues(@ForAll("inputs") String s) {
    survives(s, t -> SingleValue.parseUnsigned(t, "memory.current"));
    survives(s, t -> SingleValue.parseSigned(t, "cpu.cfs_quota_us"));
    survives(s, t -> SingleValue.parseMaxOrUnsigned(t, "memory.max"));
    survives(s, t -> V1Values.parseMemoryLimit(t, "memory.limit_in_bytes"));
    survives(s, V1Values::parseCfsQuota);
  }
}
