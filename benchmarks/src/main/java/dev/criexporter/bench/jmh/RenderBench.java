package dev.criexporter.bench.jmh;

import dev.criexporter.exporter.http.ChunkPool;
import dev.criexporter.exporter.http.Rendered;
import dev.criexporter.exporter.http.TextWriter;
import java.io.OutputStream;
import dev.criexporter.exporter.metrics.CollectorRunner;
import dev.criexporter.exporter.metrics.Collectors;
import dev.criexporter.exporter.metrics.LabelScheme;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
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
 * Exposition rendering over one poll's families: {@link Rendered#of} (text written and gzipped
 * at level 1 in one pass into pooled chunks, released after each rendering as the exporter does),
 * the text writer alone, and for comparison the upstream text writer and a separate gzip pass.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class RenderBench {

  @Param({"1000"})
  public int containers;

  @Param({"CADVISOR"})
  public LabelScheme.Mode labels;

  MetricSnapshots families;
  byte[] text;

  @Setup
  public void capture() throws IOException {
    CollectorRunner runner = new CollectorRunner(Collectors.select(Set.of(), Set.of()),
        new LabelScheme(labels, List.of()));
    try (Captured c = Captured.start(containers)) {
      families = new MetricSnapshots(runner.run(c.snapshot()).families());
    }
    text = renderText();
  }

  final ChunkPool pool = new ChunkPool(4096);

  @Benchmark
  public Rendered renderedOf() {
    Rendered r = Rendered.of(families, pool);
    r.release();
    return r;
  }

  /** The text writer alone, into a sink that discards. */
  @Benchmark
  public void textWriter() throws IOException {
    TextWriter.write(OutputStream.nullOutputStream(), families);
  }

  /** The upstream text writer into a growing array (what the exporter used before). */
  @Benchmark
  public byte[] renderText() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    PrometheusTextFormatWriter.create().write(out, families, EscapingScheme.UNDERSCORE_ESCAPING);
    return out.toByteArray();
  }

  /** Level 1, 64 KiB buffer: what Rendered does with the text. */
  @Benchmark
  public byte[] gzipText() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length / 4);
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      gz.write(text);
    }
    return out.toByteArray();
  }
}
