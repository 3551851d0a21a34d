package dev.criexporter.exporter.http;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One poll's exposition, rendered once and served to every scraper. The Prometheus text format
 * (plain and gzip) is rendered eagerly; OpenMetrics only when someone asks for it. Bodies live in
 * direct buffers so that sending them does not copy them into temporary native memory.
 */
public final class Rendered {

  /** Fast gzip: level 1 costs about a third of level 6 for a body about 10% larger. */
  static final int GZIP_LEVEL = Deflater.BEST_SPEED;

  public static final String TEXT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
  public static final String OPENMETRICS_TYPE = OpenMetricsTextFormatWriter.CONTENT_TYPE;

  private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();
  private static final OpenMetricsTextFormatWriter OPENMETRICS = OpenMetricsTextFormatWriter.create();

  private final MetricSnapshots snapshots;
  private final int series;
  private final ByteBuffer text;
  private final ByteBuffer textGzip;
  private ByteBuffer openMetrics;
  private ByteBuffer openMetricsGzip;

  private Rendered(MetricSnapshots snapshots, int series) {
    this.snapshots = snapshots;
    this.series = series;
    byte[] plain = render(TEXT, snapshots);
    this.text = direct(plain);
    this.textGzip = direct(gzip(plain));
  }

  /** Renders the text format now. */
  public static Rendered of(MetricSnapshots snapshots) {
    int series = 0;
    for (var s : snapshots) {
      series += s.getDataPoints().size();
    }
    return new Rendered(snapshots, series);
  }

  /** Number of data points (series; a histogram counts once). */
  public int series() {
    return series;
  }

  /** The body in the requested format and encoding, as a fresh view to send. */
  public synchronized ByteBuffer body(boolean openMetricsFormat, boolean gzip) {
    if (!openMetricsFormat) {
      return (gzip ? textGzip : text).duplicate();
    }
    if (openMetrics == null) {
      byte[] plain = render(OPENMETRICS, snapshots);
      openMetrics = direct(plain);
      openMetricsGzip = direct(gzip(plain));
    }
    return (gzip ? openMetricsGzip : openMetrics).duplicate();
  }

  /** Uncompressed text size. */
  public int textBytes() {
    return text.capacity();
  }

  /** Gzipped text size. */
  public int textGzipBytes() {
    return textGzip.capacity();
  }

  /** The text body as a string (tests, golden files). */
  public String text() {
    ByteBuffer b = text.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return new String(out, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] render(ExpositionFormatWriter writer, MetricSnapshots snapshots) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try {
      writer.write(out, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, plain.length / 4));
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
      {
        def.setLevel(GZIP_LEVEL);
      }
    }) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static ByteBuffer direct(byte[] bytes) {
    ByteBuffer b = ByteBuffer.allocateDirect(bytes.length);
    b.put(bytes).flip();
    return b.asReadOnlyBuffer();
  }
}
