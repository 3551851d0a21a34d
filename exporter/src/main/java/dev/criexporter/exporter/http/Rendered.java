package dev.criexporter.exporter.http;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;

/**
 * One poll's exposition, rendered once and served to every scraper.
 *
 * <p>The Prometheus text format is written and gzip-compressed in one pass into pooled direct
 * chunks ({@link TextWriter} → {@link BodyWriter}); only the compressed body is kept, because
 * Prometheus asks for gzip. The plain body is inflated from it the first time a client without
 * gzip asks, and OpenMetrics is rendered only for a client that accepts nothing else; both are
 * then kept with this rendering.
 *
 * <p>A rendering is reference-counted: its publisher holds one reference until the next
 * rendering replaces it, and every scrape sending it holds one until the last byte is written.
 * When the count reaches zero its chunks go back to the pool for the next poll.
 */
public final class Rendered {

  /** Fast gzip: level 1 costs about a third of level 6 for a body about 10% larger. */
  static final int GZIP_LEVEL = Deflater.BEST_SPEED;

  public static final String TEXT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
  public static final String OPENMETRICS_TYPE = OpenMetricsTextFormatWriter.CONTENT_TYPE;

  private static final OpenMetricsTextFormatWriter OPENMETRICS = OpenMetricsTextFormatWriter.create();

  private final ChunkPool pool;
  private final MetricSnapshots snapshots;
  private final int series;
  private final int textBytes;
  private final Body textGzip;
  private final AtomicInteger refs = new AtomicInteger(1);
  private Body text;
  private Body openMetrics;
  private Body openMetricsGzip;
  private boolean freed;

  private Rendered(ChunkPool pool, MetricSnapshots snapshots, int series) {
    this.pool = pool;
    this.snapshots = snapshots;
    this.series = series;
    BodyWriter gz = BodyWriter.gzip(pool, GZIP_LEVEL);
    this.textGzip = write(gz, out -> TextWriter.write(out, snapshots));
    this.textBytes = Math.toIntExact(gz.inputBytes());
  }

  /** Something that writes a body. */
  private interface Writing {
    void to(java.io.OutputStream out) throws IOException;
  }

  /** Runs {@code writing} into {@code out} and finishes it; on failure gives the chunks back. */
  private static Body write(BodyWriter out, Writing writing) {
    try {
      writing.to(out);
    } catch (IOException | RuntimeException e) {
      out.abandon();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
    return out.finish();
  }

  /** Renders the text format now, into chunks of {@code pool}. */
  public static Rendered of(MetricSnapshots snapshots, ChunkPool pool) {
    int series = 0;
    for (var s : snapshots) {
      series += s.getDataPoints().size();
    }
    return new Rendered(pool, snapshots, series);
  }

  /** Renders the text format now, into chunks that go to the garbage collector when freed. */
  public static Rendered of(MetricSnapshots snapshots) {
    return of(snapshots, new ChunkPool(0));
  }

  /** Number of data points (series; a histogram counts once). */
  public int series() {
    return series;
  }

  /** Uncompressed text size. */
  public int textBytes() {
    return textBytes;
  }

  /** Gzipped text size. */
  public int textGzipBytes() {
    return textGzip.length();
  }

  /** Chunks the gzip text body occupies. */
  public int textGzipChunks() {
    return textGzip.chunkCount();
  }

  /**
   * Takes a reference for a reader; false if this rendering was already freed (take the newer
   * one). Every successful call must be matched by one {@link #release()}.
   */
  public boolean retain() {
    for (;;) {
      int n = refs.get();
      if (n <= 0) {
        return false;
      }
      if (refs.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one gives the chunks back to the pool. */
  public void release() {
    int n = refs.decrementAndGet();
    if (n == 0) {
      free();
    } else if (n < 0) {
      throw new IllegalStateException("rendering released more often than retained");
    }
  }

  /** The body in the requested format and encoding; the caller holds a reference. */
  synchronized Body body(boolean openMetricsFormat, boolean gzip) {
    if (freed) {
      throw new IllegalStateException("rendering already freed");
    }
    if (!openMetricsFormat) {
      if (gzip) {
        return textGzip;
      }
      if (text == null) {
        text = BodyWriter.gunzip(pool, textGzip);
      }
      return text;
    }
    if (openMetricsGzip == null) {
      openMetricsGzip = write(BodyWriter.gzip(pool, GZIP_LEVEL),
          out -> OPENMETRICS.write(out, snapshots, EscapingScheme.UNDERSCORE_ESCAPING));
    }
    if (gzip) {
      return openMetricsGzip;
    }
    if (openMetrics == null) {
      openMetrics = BodyWriter.gunzip(pool, openMetricsGzip);
    }
    return openMetrics;
  }

  /** The body's bytes (tests, tools); fails if this rendering was already freed. */
  public byte[] bytes(boolean openMetricsFormat, boolean gzip) {
    if (!retain()) {
      throw new IllegalStateException("this rendering was replaced by a newer poll's");
    }
    try {
      return body(openMetricsFormat, gzip).toBytes();
    } finally {
      release();
    }
  }

  /** The text body as a string (tests, golden files). */
  public String text() {
    return new String(bytes(false, false), StandardCharsets.UTF_8);
  }

  private synchronized void free() {
    freed = true;
    textGzip.free();
    for (Body b : new Body[] {text, openMetrics, openMetricsGzip}) {
      if (b != null) {
        b.free();
      }
    }
  }
}
