package dev.criexporter.bench.jmh;

import dev.criexporter.bench.SimHosts;
import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cgroup.HostCgroups;
import dev.criexporter.cgroup.read.CgroupReadResult;
import dev.criexporter.cgroup.read.CgroupReader;
import dev.criexporter.cgroup.read.StatGroup;
import dev.criexporter.simulator.CgroupLayout;
import dev.criexporter.simulator.CgroupTreeWriter;
import dev.criexporter.simulator.CgroupVersion;
import dev.criexporter.simulator.SimulatedNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading one container's cgroup (v2, on tmpfs) with {@link CgroupReader}: the memory group the
 * poll reads before the CRI call, and every group it reads after. Compare with the C floor of
 * the node bench, per container.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CgroupReadBench {

  Path dir;
  CgroupReader reader;
  String path;
  final Set<StatGroup> memory = EnumSet.of(StatGroup.MEMORY);
  final Set<StatGroup> all = EnumSet.allOf(StatGroup.class);

  @Setup
  public void tree() {
    dir = SimHosts.scratchDir("cri-bench-read-");
    SimulatedNode node = SimulatedNode.builder().seed(42).containers(20)
        .clock(Clock.systemUTC()).build();
    CgroupTreeWriter tree = CgroupTreeWriter.create(node, dir, CgroupVersion.V2,
        CgroupLayout.CONTAINERD_SYSTEMD, CgroupTreeWriter.WriteMode.IN_PLACE);
    tree.update();
    path = tree.relativePath(node.containers().get(5).id());
    reader = new CgroupReader(HostCgroups.of(dir, CgroupMode.UNIFIED));
  }

  @TearDown
  public void remove() {
    SimHosts.deleteTree(dir);
  }

  @Benchmark
  public CgroupReadResult readMemory() {
    return reader.read(path, memory);
  }

  @Benchmark
  public CgroupReadResult readEveryGroup() {
    return reader.read(path, all);
  }
}
