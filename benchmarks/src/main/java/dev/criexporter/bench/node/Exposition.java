package dev.criexporter.bench.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A scraped Prometheus text exposition, parsed just enough for the bench's arithmetic. */
final class Exposition {

  /** One sample line: metric name, the raw label text between the braces, value, bytes. */
  record Sample(String name, String labels, double value, int lineBytes) {
    /** The value of one label, or null. */
    String label(String key) {
      String k = key + "=\"";
      int at = labels.startsWith(k) ? 0 : labels.indexOf("," + k);
      if (at < 0) {
        return null;
      }
      int start = labels.indexOf('"', at) + 1;
      int end = start;
      while (end < labels.length() && labels.charAt(end) != '"') {
        end += labels.charAt(end) == '\\' ? 2 : 1;
      }
      return labels.substring(start, end);
    }
  }

  private final String text;
  private final List<Sample> samples;

  private Exposition(String text, List<Sample> samples) {
    this.text = text;
    this.samples = samples;
  }

  static Exposition parse(String text) {
    List<Sample> out = new ArrayList<>();
    int pos = 0;
    while (pos < text.length()) {
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 ? text.length() : nl;
      if (end > pos && text.charAt(pos) != '#') {
        String line = text.substring(pos, end);
        int brace = line.indexOf('{');
        int space;
        String name;
        String labels = "";
        if (brace >= 0 && brace < line.indexOf(' ')) {
          int close = line.lastIndexOf('}');
          name = line.substring(0, brace);
          labels = line.substring(brace + 1, close);
          space = close + 1;
        } else {
          space = line.indexOf(' ');
          name = line.substring(0, space);
        }
        String rest = line.substring(space).strip();
        int sp = rest.indexOf(' ');
        String v = sp < 0 ? rest : rest.substring(0, sp);
        out.add(new Sample(name, labels, parseValue(v), end - pos + 1));
      }
      pos = end + 1;
    }
    return new Exposition(text, out);
  }

  private static double parseValue(String v) {
    return switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
  }

  String text() {
    return text;
  }

  List<Sample> samples() {
    return samples;
  }

  /** The first sample of a name, or NaN. */
  double value(String name) {
    for (Sample s : samples) {
      if (s.name().equals(name)) {
        return s.value();
      }
    }
    return Double.NaN;
  }

  /** The sum over every sample of a name whose labels pass the filter (0 if none). */
  double sum(String name, Predicate<Sample> filter) {
    double total = 0;
    for (Sample s : samples) {
      if (s.name().equals(name) && filter.test(s)) {
        total += s.value();
      }
    }
    return total;
  }

  /** Histogram buckets of a name as upper bound → cumulative count. */
  Map<Double, Double> buckets(String histogram) {
    Map<Double, Double> out = new LinkedHashMap<>();
    for (Sample s : samples) {
      if (s.name().equals(histogram + "_bucket")) {
        out.put(parseValue(s.label("le")), s.value());
      }
    }
    return out;
  }

  /** Number of samples whose name passes the filter. */
  long count(Predicate<String> name) {
    return samples.stream().filter(s -> name.test(s.name())).count();
  }

  /** Bytes of the sample lines whose name passes the filter (newlines included). */
  long lineBytes(Predicate<String> name) {
    return samples.stream().filter(s -> name.test(s.name())).mapToLong(Sample::lineBytes).sum();
  }
}
