package dev.criexporter.bench.jmh;

import dev.criexporter.cgroup.v1.MemoryStatV1;
import dev.criexporter.cgroup.v2.CpuStatV2;
import dev.criexporter.cgroup.v2.IoStatV2;
import dev.criexporter.cgroup.v2.MemoryStatV2;
import dev.criexporter.cgroup.v2.Pressure;
import dev.criexporter.simulator.CgroupSample;
import dev.criexporter.simulator.CgroupV1Files;
import dev.criexporter.simulator.CgroupV2Files;
import dev.criexporter.simulator.ManualClock;
import dev.criexporter.simulator.SimContainer;
import dev.criexporter.simulator.SimulatedNode;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cgroup file parsers on realistic text: what a Linux 6.x kernel prints for a busy container
 * (from the simulator's file writers), and a three-device io.stat. Each runs once or twice per
 * container and poll.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParserBench {

  String memoryStatV2;
  String memoryStatV1;
  String cpuStatV2;
  String ioStatV2;
  String cpuPressure;

  @Setup
  public void texts() {
    ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
    SimulatedNode node = SimulatedNode.builder().seed(7).containers(20).clock(clock).build();
    SimContainer c = node.containers().get(3);
    CgroupSample s = c.sample(c.startedAt().plus(Duration.ofHours(6)));
    memoryStatV2 = CgroupV2Files.memoryStat(s.memory());
    memoryStatV1 = CgroupV1Files.memoryStat(s.memory(), s.memory(), OptionalLong.of(1L << 30));
    cpuStatV2 = CgroupV2Files.cpuStat(s.cpu());
    cpuPressure = CgroupV2Files.pressure(s.cpuPressure());
    // A node with a disk, an NVMe drive and a device-mapper volume.
    ioStatV2 = "8:0 rbytes=1459617792 wbytes=2953187328 rios=41733 wios=187336 dbytes=0 dios=0\n"
        + "259:0 rbytes=90112000 wbytes=736428032 rios=2200 wios=65123 dbytes=4096 dios=1\n"
        + "253:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n";
  }

  @Benchmark
  public MemoryStatV2 memoryStatV2() {
    return MemoryStatV2.parse(memoryStatV2);
  }

  @Benchmark
  public MemoryStatV1 memoryStatV1() {
    return MemoryStatV1.parse(memoryStatV1);
  }

  @Benchmark
  public CpuStatV2 cpuStatV2() {
    return CpuStatV2.parse(cpuStatV2);
  }

  @Benchmark
  public IoStatV2 ioStatV2() {
    return IoStatV2.parse(ioStatV2);
  }

  @Benchmark
  public Pressure cpuPressure() {
    return Pressure.parse(cpuPressure, "cpu.pressure");
  }
}
