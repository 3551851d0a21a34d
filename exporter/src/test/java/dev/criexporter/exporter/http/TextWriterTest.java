package dev.criexporter.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.demo.DemoNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.Unit;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link TextWriter} must write exactly what the upstream text writer writes. */
class TextWriterTest {

  static String upstream(MetricSnapshots s) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(b, s, EscapingScheme.UNDERSCORE_ESCAPING);
    return b.toString(StandardCharsets.UTF_8);
  }

  static String ours(MetricSnapshots s) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    TextWriter.write(b, s);
    return b.toString(StandardCharsets.UTF_8);
  }

  static final String[] VALUE_PIECES = {"", "a", "web-7d4b9c", "\\", "\"", "\n", "ü", "日本",
      "\uD83D\uDE00", "\uD800", "x\\\"y", "/kubepods.slice/kubepods-burstable.slice", "{", "}",
      ",", "=", " ", "\t", "\r"};
  static final String[] LABEL_NAMES = {"namespace", "pod", "container", "image", "id", "name",
      "cpu", "device", "a_1", "_x", "le_x", "state_"};

  static String value(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      sb.append(VALUE_PIECES[r.nextInt(VALUE_PIECES.length)]);
    }
    if (r.nextInt(10) == 0) {
      sb.append("x".repeat(r.nextInt(3000)));
    }
    return sb.toString();
  }

  static double number(Random r) {
    return switch (r.nextInt(14)) {
      case 0 -> Double.NaN;
      case 1 -> Double.POSITIVE_INFINITY;
      case 2 -> Double.NEGATIVE_INFINITY;
      case 3 -> -0.0;
      case 4 -> 0.0;
      case 5 -> r.nextInt(20_000_000) - 10_000_000;
      case 6 -> 9_999_999.0;
      case 7 -> 1e7;
      case 8 -> -1e7;
      case 9 -> Double.MIN_VALUE;
      case 10 -> Double.MAX_VALUE;
      case 11 -> r.nextLong();
      case 12 -> r.nextDouble() * 1e-4;
      default -> r.nextGaussian() * Math.pow(10, r.nextInt(30) - 10);
    };
  }

  /** Labels whose values are shared String instances across points, as the poll builds them. */
  static Labels labels(Random r, List<String> pool, String[] names) {
    List<String> ns = new ArrayList<>();
    List<String> vs = new ArrayList<>();
    for (String n : names) {
      if (r.nextInt(5) > 0) {
        ns.add(n);
        // Mostly the same instance again; sometimes an equal copy; sometimes a new value.
        int k = r.nextInt(10);
        String v = k < 6 && !pool.isEmpty() ? pool.get(r.nextInt(pool.size()))
            : k < 8 && !pool.isEmpty() ? new String(pool.get(r.nextInt(pool.size())))
            : value(r);
        pool.add(v);
        vs.add(v);
      }
    }
    return Labels.of(ns.toArray(String[]::new), vs.toArray(String[]::new));
  }

  static MetricSnapshots randomFamilies(Random r) {
    List<MetricSnapshot> out = new ArrayList<>();
    List<String> valuePool = new ArrayList<>();
    Set<String> used = new HashSet<>();
    int families = 1 + r.nextInt(8);
    for (int f = 0; f < families; f++) {
      String base = "fam_" + f + (r.nextBoolean() ? "_seconds" : "");
      if (!used.add(base)) {
        continue;
      }
      String help = r.nextInt(4) == 0 ? "" : value(r) + " help";
      Unit unit = base.endsWith("_seconds") && r.nextBoolean() ? Unit.SECONDS : null;
      String[] names = pickNames(r);
      int points = r.nextInt(6);
      Set<Labels> seen = new HashSet<>();
      switch (r.nextInt(8)) {
        case 0, 1 -> {
          var b = CounterSnapshot.builder().name(r.nextBoolean() ? base : base + "_total")
              .help(help).unit(unit);
          for (int i = 0; i < points; i++) {
            Labels l = labels(r, valuePool, names);
            if (seen.add(l)) {
              var p = CounterSnapshot.CounterDataPointSnapshot.builder().labels(l)
                  .value(Math.abs(number(r)));
              if (r.nextInt(20) == 0) {
                p.scrapeTimestampMillis(1_700_000_000_000L + i);
              }
              b.dataPoint(p.build());
            }
          }
          out.add(b.build());
        }
        case 2, 3 -> {
          var b = GaugeSnapshot.builder().name(base).help(help).unit(unit);
          for (int i = 0; i < points; i++) {
            Labels l = labels(r, valuePool, names);
            if (seen.add(l)) {
              b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l)
                  .value(number(r)).build());
            }
          }
          out.add(b.build());
        }
        case 4 -> {
          var b = InfoSnapshot.builder().name(base).help(help);
          for (int i = 0; i < points; i++) {
            Labels l = labels(r, valuePool, names);
            if (seen.add(l)) {
              b.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(l).build());
            }
          }
          out.add(b.build());
        }
        case 5 -> {
          var b = HistogramSnapshot.builder().name(base).help(help).unit(unit);
          for (int i = 0; i < points; i++) {
            Labels l = labels(r, valuePool, names);
            if (seen.add(l)) {
              b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(l)
                  .classicHistogramBuckets(ClassicHistogramBuckets.of(
                      new double[] {0.1, 1, Double.POSITIVE_INFINITY}, new long[] {1, 2, 3}))
                  .sum(1.5).build());
            }
          }
          out.add(b.build());
        }
        case 6 -> {
          var b = SummarySnapshot.builder().name(base).help(help).unit(unit);
          for (int i = 0; i < points; i++) {
            Labels l = labels(r, valuePool, names);
            if (seen.add(l)) {
              b.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().labels(l)
                  .count(3).sum(number(r)).quantiles(Quantiles.EMPTY).build());
            }
          }
          out.add(b.build());
        }
        default -> {
          if (r.nextBoolean()) {
            var b = UnknownSnapshot.builder().name(base).help(help).unit(unit);
            for (int i = 0; i < points; i++) {
              Labels l = labels(r, valuePool, names);
              if (seen.add(l)) {
                b.dataPoint(UnknownSnapshot.UnknownDataPointSnapshot.builder().labels(l)
                    .value(number(r)).build());
              }
            }
            out.add(b.build());
          } else {
            var b = StateSetSnapshot.builder().name(base).help(help);
            for (int i = 0; i < points; i++) {
              Labels l = labels(r, valuePool, names);
              if (seen.add(l)) {
                b.dataPoint(StateSetSnapshot.StateSetDataPointSnapshot.builder().labels(l)
                    .state("up", true).state("down", false).build());
              }
            }
            out.add(b.build());
          }
        }
      }
    }
    return new MetricSnapshots(out);
  }

  static String[] pickNames(Random r) {
    List<String> ns = new ArrayList<>();
    for (String n : LABEL_NAMES) {
      if (r.nextInt(3) == 0) {
        ns.add(n);
      }
    }
    if (r.nextInt(15) == 0) {
      ns.add("bad.name-ü");
    }
    return ns.toArray(String[]::new);
  }

  @Test
  void randomFamiliesAreWrittenExactlyAsUpstreamWritesThem() throws Exception {
    Random r = new Random(20261129);
    int compared = 0;
    for (int i = 0; i < 3000; i++) {
      MetricSnapshots s;
      try {
        s = randomFamilies(r);
      } catch (IllegalArgumentException invalidForTheModel) {
        continue; // e.g. a label name the model itself rejects
      }
      assertThat(ours(s)).as("case %d", i).isEqualTo(upstream(s));
      compared++;
    }
    assertThat(compared).isGreaterThan(2500);
  }

  @Test
  void theDemoNodesWholeExpositionIsIdentical() throws Exception {
    DemoNode node = DemoNode.start(DemoNode.DEFAULT_CONTAINERS);
    try (Exporter e = Exporter.start(node.configure(ExporterConfig.builder()
        .listen(new InetSocketAddress("127.0.0.1", 0)).pollInterval(Duration.ofHours(1))
        .build()))) {
      e.pollNow();
      e.pollNow();
      MetricSnapshots all = e.registrySnapshot();
      String expected = upstream(all);
      assertThat(expected).contains("container_cpu_usage_seconds_total{")
          .contains("# TYPE cri_exporter_poll_duration_seconds");
      assertThat(ours(all)).isEqualTo(expected);
    } finally {
      node.close();
    }
  }

  @Test
  void labelValuesAreEscapedLikeTheTextFormatSays() {
    assertThat(TextWriter.escape("plain")).isSameAs("plain");
    assertThat(TextWriter.escape("a\\b\"c\nd\re")).isEqualTo("a\\\\b\\\"c\\nd\re");
  }
}
