package dev.criexporter.exporter.http;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.expositionformats.TextFormatUtil;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The Prometheus text format (0.0.4), byte for byte what {@link PrometheusTextFormatWriter}
 * writes, written for bodies of tens of thousands of series: bytes go into one reused array and
 * from there straight to the sink (the gzip stage), and each label value is escaped and encoded
 * once per rendering however many series carry it — a container's six labels appear on ~40 of
 * its series.
 *
 * <p>Counters, gauges and info families — every family the poll builds — take this path. Each
 * family's header and series name come from the upstream writer rendering a one-point probe of
 * the same metadata, so naming rules (suffixes, escaping) are upstream's by construction. A
 * family the fast path cannot prove equal on (histograms, summaries, state sets, unknown types,
 * label names outside the legacy character set, data points with timestamps) is written by the
 * upstream writer itself, in place.
 *
 * <p>One instance per rendering; not thread-safe.
 */
public final class TextWriter {

  private static final PrometheusTextFormatWriter UPSTREAM = PrometheusTextFormatWriter.create();
  private static final EscapingScheme SCHEME = EscapingScheme.UNDERSCORE_ESCAPING;
  private static final int BUFFER = 64 * 1024;
  /** Label values cached per rendering at most (a hostile label set cannot grow it further). */
  private static final int VALUE_CACHE_LIMIT = 1 << 18;
  private static final byte[] INVALID = new byte[0];

  private final OutputStream out;
  private final byte[] buf = new byte[BUFFER];
  private int pos;
  private final IdentityHashMap<String, byte[]> values = new IdentityHashMap<>();
  /** Label name → {@code name="} in bytes, or {@link #INVALID} when not a legacy name. */
  private final IdentityHashMap<String, byte[]> names = new IdentityHashMap<>();
  private String[] lastValue = new String[16];
  private byte[][] lastValueBytes = new byte[16][];

  private TextWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes all families to {@code out} (not closed; flushed). */
  public static void write(OutputStream out, MetricSnapshots snapshots) throws IOException {
    new TextWriter(out).writeAll(TextFormatUtil.mergeDuplicates(snapshots));
  }

  private void writeAll(MetricSnapshots snapshots) throws IOException {
    for (MetricSnapshot s : snapshots) {
      List<? extends DataPointSnapshot> points = s.getDataPoints();
      if (points.isEmpty()) {
        continue;
      }
      Probe probe = fastPathApplies(s) ? probe(s) : null;
      if (probe == null) {
        flushBuffer();
        UPSTREAM.write(new NonClosing(out), new MetricSnapshots(s), SCHEME);
        continue;
      }
      put(probe.header);
      if (s instanceof CounterSnapshot c) {
        for (CounterDataPointSnapshot p : c.getDataPoints()) {
          series(probe.name, p.getLabels());
          putDouble(p.getValue());
          putByte('\n');
        }
      } else if (s instanceof GaugeSnapshot g) {
        for (GaugeDataPointSnapshot p : g.getDataPoints()) {
          series(probe.name, p.getLabels());
          putDouble(p.getValue());
          putByte('\n');
        }
      } else {
        for (InfoDataPointSnapshot p : ((InfoSnapshot) s).getDataPoints()) {
          series(probe.name, p.getLabels());
          putByte('1');
          putByte('\n');
        }
      }
    }
    flushBuffer();
    out.flush();
  }

  /** Header lines and series name, as the upstream writer writes them for this metadata. */
  private record Probe(byte[] header, byte[] name) {
  }

  private static Probe probe(MetricSnapshot s) throws IOException {
    MetricSnapshot one;
    if (s instanceof CounterSnapshot c) {
      one = new CounterSnapshot(c.getMetadata(),
          List.of(CounterDataPointSnapshot.builder().value(0).build()));
    } else if (s instanceof GaugeSnapshot g) {
      one = new GaugeSnapshot(g.getMetadata(),
          List.of(GaugeDataPointSnapshot.builder().value(0).build()));
    } else if (s instanceof InfoSnapshot i) {
      one = new InfoSnapshot(i.getMetadata(),
          List.of(InfoDataPointSnapshot.builder().build()));
    } else {
      return null;
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream(256);
    UPSTREAM.write(b, new MetricSnapshots(one), SCHEME);
    byte[] text = b.toByteArray();
    // The last line is "<name> <value>\n"; everything before it is the header.
    int end = text.length - 1;
    if (end < 0 || text[end] != '\n') {
      return null;
    }
    int lineStart = end;
    while (lineStart > 0 && text[lineStart - 1] != '\n') {
      lineStart--;
    }
    int space = lineStart;
    while (space < end && text[space] != ' ') {
      space++;
    }
    if (space == lineStart || space == end || text[lineStart] == '{' || text[lineStart] == '#') {
      return null;
    }
    for (int i = lineStart; i < space; i++) {
      if (!legacyNameChar(text[i], i == lineStart) && text[i] != ':') {
        return null;
      }
    }
    byte[] header = java.util.Arrays.copyOfRange(text, 0, lineStart);
    byte[] name = java.util.Arrays.copyOfRange(text, lineStart, space);
    return new Probe(header, name);
  }

  /** No timestamps and only legacy label names: what the fast path writes exactly. */
  private boolean fastPathApplies(MetricSnapshot s) {
    if (!(s instanceof CounterSnapshot || s instanceof GaugeSnapshot || s instanceof InfoSnapshot)) {
      return false;
    }
    String[] checked = new String[8];
    for (DataPointSnapshot p : s.getDataPoints()) {
      if (p.hasScrapeTimestamp()) {
        return false;
      }
      Labels labels = p.getLabels();
      int n = labels.size();
      if (n > checked.length) {
        checked = java.util.Arrays.copyOf(checked, n);
      }
      for (int i = 0; i < n; i++) {
        String name = labels.getName(i);
        if (name != checked[i]) {
          if (nameBytes(name) == INVALID) {
            return false;
          }
          checked[i] = name;
        }
      }
    }
    return true;
  }

  private void series(byte[] name, Labels labels) throws IOException {
    put(name);
    int n = labels.size();
    if (n > 0) {
      if (n > lastValue.length) {
        lastValue = java.util.Arrays.copyOf(lastValue, n);
        lastValueBytes = java.util.Arrays.copyOf(lastValueBytes, n);
      }
      putByte('{');
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          putByte(',');
        }
        put(nameBytes(labels.getName(i)));
        String v = labels.getValue(i);
        byte[] vb;
        if (v == lastValue[i]) {
          vb = lastValueBytes[i];
        } else {
          vb = valueBytes(v);
          lastValue[i] = v;
          lastValueBytes[i] = vb;
        }
        put(vb);
        putByte('"');
      }
      putByte('}');
    }
    putByte(' ');
  }

  private byte[] nameBytes(String name) {
    byte[] b = names.get(name);
    if (b == null) {
      b = INVALID;
      if (legacyLabelName(name)) {
        b = (name + "=\"").getBytes(StandardCharsets.US_ASCII);
      }
      names.put(name, b);
    }
    return b;
  }

  private byte[] valueBytes(String v) {
    byte[] b = values.get(v);
    if (b == null) {
      b = escape(v).getBytes(StandardCharsets.UTF_8);
      if (values.size() >= VALUE_CACHE_LIMIT) {
        values.clear();
      }
      values.put(v, b);
    }
    return b;
  }

  /** Label value escaping of the text format: backslash, double quote, line feed. */
  static String escape(String v) {
    int i = 0;
    int n = v.length();
    while (i < n) {
      char c = v.charAt(i);
      if (c == '\\' || c == '"' || c == '\n') {
        break;
      }
      i++;
    }
    if (i == n) {
      return v;
    }
    StringBuilder sb = new StringBuilder(n + 8).append(v, 0, i);
    for (; i < n; i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean legacyLabelName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c > 127 || !legacyNameChar((byte) c, i == 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean legacyNameChar(byte c, boolean first) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || !first && c >= '0' && c <= '9';
  }

  /** {@code Double.toString} with {@code +Inf}/{@code -Inf}, without a String for small integers. */
  private void putDouble(double d) throws IOException {
    if (d > -1e7 && d < 1e7 && d == (long) d && !(d == 0 && Double.doubleToRawLongBits(d) != 0)) {
      putLong((long) d);
      putByte('.');
      putByte('0');
    } else if (d == Double.POSITIVE_INFINITY) {
      putAscii("+Inf");
    } else if (d == Double.NEGATIVE_INFINITY) {
      putAscii("-Inf");
    } else {
      putAscii(Double.toString(d));
    }
  }

  private void putLong(long v) throws IOException {
    if (pos + 21 > BUFFER) {
      flushBuffer();
    }
    if (v < 0) {
      buf[pos++] = '-';
      v = -v;
    }
    int start = pos;
    do {
      buf[pos++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
    for (int i = start, j = pos - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
  }

  private void putAscii(String s) throws IOException {
    int n = s.length();
    if (pos + n > BUFFER) {
      flushBuffer();
    }
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
  }

  private void putByte(char c) throws IOException {
    if (pos == BUFFER) {
      flushBuffer();
    }
    buf[pos++] = (byte) c;
  }

  private void put(byte[] b) throws IOException {
    int len = b.length;
    if (pos + len > BUFFER) {
      flushBuffer();
      if (len > BUFFER) {
        out.write(b, 0, len);
        return;
      }
    }
    System.arraycopy(b, 0, buf, pos, len);
    pos += len;
  }

  private void flushBuffer() throws IOException {
    if (pos > 0) {
      out.write(buf, 0, pos);
      pos = 0;
    }
  }

  /** Lets the upstream writer flush but not close the sink. */
  private static final class NonClosing extends OutputStream {
    private final OutputStream out;

    NonClosing(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() {
    }
  }
}
