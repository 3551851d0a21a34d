package dev.criexporter.testsupport.prometheus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code scrape_configs} entry: static targets, interval, path, {@code honor_labels}, and
 * target labels added through {@code relabel_configs} (the way a ServiceMonitor's relabelings
 * add {@code node} from {@code __meta_kubernetes_pod_node_name}).
 */
public record ScrapeJob(String name, List<String> targets, Duration interval, Duration timeout, String metricsPath,
            boolean honorLabels, Map<String, String> targetLabels) {

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  public ScrapeJob {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("job name must not be blank");
    }
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("job " + name + " has no targets");
    }
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("interval and timeout must be positive: " + interval + ", " + timeout);
    }
    if (timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException("scrape timeout " + timeout + " exceeds the interval " + interval);
    }
    Objects.requireNonNull(metricsPath, "metricsPath");
    if (!metricsPath.startsWith("/")) {
      throw new IllegalArgumentException("metrics path must start with '/': " + metricsPath);
    }
    targetLabels = Map.copyOf(targetLabels);
    for (String label : targetLabels.keySet()) {
      if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
        throw new IllegalArgumentException("not a target label name: " + label);
      }
    }
  }

  /** A job named {@code name} scraping {@code /metrics} every second, without target labels. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The job as YAML list item, indented by {@code indent} spaces. */
  String render(int indent) {
    String pad = " ".repeat(indent);
    StringBuilder out = new StringBuilder();
    out.append(pad).append("- job_name: ").append(Yaml.quote(name)).append('\n');
    out.append(pad).append("  scrape_interval: ").append(Yaml.duration(interval)).append('\n');
    out.append(pad).append("  scrape_timeout: ").append(Yaml.duration(timeout)).append('\n');
    out.append(pad).append("  metrics_path: ").append(Yaml.quote(metricsPath)).append('\n');
    out.append(pad).append("  honor_labels: ").append(honorLabels).append('\n');
    out.append(pad).append("  static_configs:\n");
    out.append(pad).append("    - targets: ").append(Yaml.list(targets)).append('\n');
    if (!targetLabels.isEmpty()) {
      out.append(pad).append("  relabel_configs:\n");
      targetLabels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(label -> {
        out.append(pad).append("    - target_label: ").append(Yaml.quote(label.getKey())).append('\n');
        // "$" starts a capture-group reference in a replacement; "$$" is a literal "$".
        out.append(pad).append("      replacement: ")
            .append(Yaml.quote(label.getValue().replace("$", "$$"))).append('\n');
      });
    }
    return out.toString();
  }

  public static final class Builder {

    private final String name;
    private final List<String> targets = new ArrayList<>();
    private Duration interval = Duration.ofSeconds(1);
    private Duration timeout;
    private String metricsPath = "/metrics";
    private boolean honorLabels;
    private final Map<String, String> targetLabels = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Adds a {@code host:port} target. */
    public Builder target(String hostPort) {
      targets.add(Objects.requireNonNull(hostPort, "hostPort"));
      return this;
    }

    /** Scrape interval; the timeout defaults to the same. */
    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder metricsPath(String metricsPath) {
      this.metricsPath = metricsPath;
      return this;
    }

    /** Keep the scraped labels where they clash with target labels, as a ServiceMonitor's {@code honorLabels: true}. */
    public Builder honorLabels(boolean honorLabels) {
      this.honorLabels = honorLabels;
      return this;
    }

    /** A target label set by relabeling, e.g. {@code node} or {@code cluster}. */
    public Builder targetLabel(String label, String value) {
      targetLabels.put(Objects.requireNonNull(label, "label"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public ScrapeJob build() {
      return new ScrapeJob(name, targets, interval, timeout != null ? timeout : interval, metricsPath,
          honorLabels, targetLabels);
    }
  }
}
