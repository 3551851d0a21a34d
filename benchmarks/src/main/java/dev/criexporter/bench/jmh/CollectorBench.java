package dev.criexporter.bench.jmh;

import dev.criexporter.exporter.metrics.CollectorRunner;
import dev.criexporter.exporter.metrics.Collectors;
import dev.criexporter.exporter.metrics.LabelScheme;
import dev.criexporter.exporter.model.NodeSnapshot;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Series building: the default collectors over one poll's snapshot, as the exporter runs them
 * after every poll (labels computed once per container, samples kept per family, the
 * prometheus-metrics snapshot model built once). The snapshot comes from the real Poller against
 * a simulated host.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class CollectorBench {

  @Param({"1000"})
  public int containers;

  @Param({"CADVISOR", "LEAN"})
  public LabelScheme.Mode labels;

  NodeSnapshot snapshot;
  CollectorRunner runner;

  @Setup
  public void capture() {
    try (Captured c = Captured.start(containers)) {
      snapshot = c.snapshot();
    }
    runner = new CollectorRunner(Collectors.select(Set.of(), Set.of()),
        new LabelScheme(labels, List.of()));
  }

  @Benchmark
  public CollectorRunner.Result collectorRunnerRun() {
    return runner.run(snapshot);
  }
}
