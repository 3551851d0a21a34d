package dev.criexporter.exporter.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A parsed Prometheus text exposition, for assertions. */
public final class Scrape {

  /** One sample. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public String label(String k) {
      return labels.getOrDefault(k, "");
    }
  }

  private final String text;
  private final List<Sample> samples;

  private Scrape(String text, List<Sample> samples) {
    this.text = text;
    this.samples = samples;
  }

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** GETs and parses a metrics endpoint. */
  public static Scrape of(String url) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + url + " -> " + r.statusCode());
    }
    return parse(r.body());
  }

  /** Parses text format 0.0.4. */
  public static Scrape parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space;
      String name;
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0 && brace < line.indexOf(' ')) {
        name = line.substring(0, brace);
        int i = brace + 1;
        while (line.charAt(i) != '}') {
          int eq = line.indexOf('=', i);
          String key = line.substring(i, eq);
          StringBuilder v = new StringBuilder();
          int j = eq + 2;
          while (line.charAt(j) != '"') {
            char c = line.charAt(j);
            if (c == '\\') {
              char n = line.charAt(++j);
              v.append(n == 'n' ? '\n' : n);
            } else {
              v.append(c);
            }
            j++;
          }
          labels.put(key, v.toString());
          i = j + 1;
          if (line.charAt(i) == ',') {
            i++;
          }
        }
        space = line.indexOf(' ', i);
      } else {
        space = line.indexOf(' ');
        name = line.substring(0, space);
      }
      String rest = line.substring(space + 1).trim();
      String value = rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest;
      out.add(new Sample(name, labels, parseValue(value)));
    }
    return new Scrape(text, out);
  }

  private static double parseValue(String v) {
    return switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
  }

  public String text() {
    return text;
  }

  public List<Sample> samples() {
    return samples;
  }

  /** Samples of one family matching every given label (pairs of key, value). */
  public List<Sample> find(String name, String... labelPairs) {
    Predicate<Sample> p = s -> s.name().equals(name);
    for (int i = 0; i + 1 < labelPairs.length; i += 2) {
      String k = labelPairs[i];
      String v = labelPairs[i + 1];
      p = p.and(s -> v.equals(s.labels().get(k)));
    }
    return samples.stream().filter(p).toList();
  }

  /** The single value of a family with these labels; fails if there is not exactly one. */
  public double value(String name, String... labelPairs) {
    List<Sample> f = find(name, labelPairs);
    if (f.size() != 1) {
      throw new AssertionError("expected one " + name + " " + List.of(labelPairs) + ", found "
          + f.size());
    }
    return f.get(0).value();
  }
}
