package dev.criexporter.deploy.dashboards;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric families the exporter publishes, read from docs/metrics.md (generated from the
 * metric definitions in the code), with the series names each type yields: a histogram
 * {@code x} is queried as {@code x_bucket}, {@code x_count} and {@code x_sum}.
 */
public final class MetricCatalog {

  /** Series every scrape has, and the families of the JVM and process binders. */
  private static final Set<String> PROMETHEUS_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");
  private static final Set<String> LIBRARY_PREFIXES = Set.of("jvm_", "process_");

  private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-zA-Z_:][a-zA-Z0-9_:]*)`\\s*\\|\\s*([a-z]+)\\s*\\|", Pattern.MULTILINE);

  private final Map<String, String> typeByFamily;

  private MetricCatalog(Map<String, String> typeByFamily) {
    this.typeByFamily = Collections.unmodifiableMap(typeByFamily);
  }

  public static MetricCatalog fromDocs() {
    return parse(RepoFiles.read(RepoFiles.metricsDoc()), RepoFiles.metricsDoc());
  }

  static MetricCatalog parse(String markdown, Path source) {
    Map<String, String> types = new LinkedHashMap<>();
    Matcher m = ROW.matcher(markdown);
    while (m.find()) {
      types.put(m.group(1), m.group(2));
    }
    if (types.isEmpty()) {
      throw new IllegalStateException("no metric table rows in " + source);
    }
    return new MetricCatalog(types);
  }

  /** Family name → type (gauge, counter, info, histogram) as documented. */
  public Map<String, String> families() {
    return typeByFamily;
  }

  public boolean documents(String family) {
    return typeByFamily.containsKey(family);
  }

  /**
   * Whether {@code series} is a name a query may use: a documented non-histogram family, a
   * histogram's {@code _bucket}/{@code _count}/{@code _sum}, a series Prometheus adds to every
   * scrape ({@code up}, ...), or a JVM/process family.
   */
  public boolean knows(String series) {
    String type = typeByFamily.get(series);
    if (type != null) {
      return !type.equals("histogram");
    }
    for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
      if (series.endsWith(suffix)
          && "histogram".equals(typeByFamily.get(series.substring(0, series.length() - suffix.length())))) {
        return true;
      }
    }
    return PROMETHEUS_SERIES.contains(series)
        || LIBRARY_PREFIXES.stream().anyMatch(series::startsWith);
  }
}
