package dev.criexporter.bench.jmh;

import dev.criexporter.exporter.model.NodeSnapshot;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole poll cycle on the calling thread ({@code Exporter.pollNow}): CRI calls over the Unix
 * socket, cgroup reads, cross-check, collectors, rendering and gzip. The simulated runtime answers
 * from the same JVM, so its allocations count in {@code gc.alloc.rate.norm} too; the time is
 * wall time of the poll including the runtime's answer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class PollBench {

  @Param({"1000"})
  public int containers;

  Captured captured;

  @Setup
  public void start() {
    captured = Captured.start(containers);
  }

  @TearDown
  public void stop() {
    captured.close();
  }

  @Benchmark
  public NodeSnapshot pollNow() {
    return captured.snapshot();
  }
}
