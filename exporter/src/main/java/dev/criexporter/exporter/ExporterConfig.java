package dev.criexporter.exporter;

import dev.criexporter.exporter.metrics.LabelScheme;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the exporter is told at start-up, validated.
 *
 * @param listen HTTP listen address
 * @param metricsPath path of the metrics endpoint
 * @param pollInterval time between polls
 * @param criEndpoint an explicit CRI endpoint, if given
 * @param criTimeout deadline of each CRI call
 * @param criMaxMessageBytes largest CRI answer accepted
 * @param hostRoot where the host's root filesystem is visible
 * @param cgroupRoot the cgroup root to read (normally {@code <hostRoot>/sys/fs/cgroup})
 * @param keepStale how long container series survive a failing runtime
 * @param labelMode cAdvisor-compatible or lean labels
 * @param podLabels pod labels exported as {@code container_label_*}
 * @param enableCollectors collectors turned on by flag
 * @param disableCollectors collectors turned off by flag
 */
public record ExporterConfig(
    InetSocketAddress listen,
    String metricsPath,
    Duration pollInterval,
    Optional<String> criEndpoint,
    Duration criTimeout,
    int criMaxMessageBytes,
    Path hostRoot,
    Path cgroupRoot,
    Duration keepStale,
    LabelScheme.Mode labelMode,
    List<String> podLabels,
    Set<String> enableCollectors,
    Set<String> disableCollectors) {

  /** The default port: outside the ports of node_exporter, cAdvisor, kubelet and containerd. */
  public static final int DEFAULT_PORT = 9758;

  public ExporterConfig {
    podLabels = List.copyOf(podLabels);
    enableCollectors = Set.copyOf(enableCollectors);
    disableCollectors = Set.copyOf(disableCollectors);
    if (!metricsPath.startsWith("/") || metricsPath.equals("/") || metricsPath.equals("/healthz")
        || metricsPath.equals("/readyz")) {
      throw new IllegalArgumentException("--web.telemetry-path: '" + metricsPath
          + "' must start with / and not be /, /healthz or /readyz");
    }
    requirePositive(pollInterval, "--poll.interval");
    if (pollInterval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("--poll.interval: " + pollInterval.toMillis()
          + "ms is too short; at least 100ms");
    }
    requirePositive(criTimeout, "--cri.timeout");
    if (criTimeout.compareTo(pollInterval) > 0) {
      throw new IllegalArgumentException("--cri.timeout (" + criTimeout.toMillis()
          + "ms) must not exceed --poll.interval (" + pollInterval.toMillis() + "ms)");
    }
    if (criMaxMessageBytes < 1024 * 1024) {
      throw new IllegalArgumentException("--cri.max-message-size: at least 1MiB, got "
          + criMaxMessageBytes + " bytes");
    }
    if (keepStale.isNegative()) {
      throw new IllegalArgumentException("--poll.keep-stale: must not be negative");
    }
  }

  private static void requirePositive(Duration d, String flag) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(flag + ": must be positive, got " + d);
    }
  }

  /** A configuration with the defaults, for tests and embedding. */
  public static ExporterConfig defaults() {
    return new ExporterConfig(new InetSocketAddress("0.0.0.0", DEFAULT_PORT), "/metrics",
        Duration.ofSeconds(10), Optional.empty(), Duration.ofSeconds(5), 64 * 1024 * 1024,
        Path.of("/"), Path.of("/sys/fs/cgroup"), Duration.ofSeconds(30), LabelScheme.Mode.CADVISOR,
        List.of(), Set.of(), Set.of());
  }

  public ExporterConfig withListen(InetSocketAddress a) {
    return new ExporterConfig(a, metricsPath, pollInterval, criEndpoint, criTimeout,
        criMaxMessageBytes, hostRoot, cgroupRoot, keepStale, labelMode, podLabels,
        enableCollectors, disableCollectors);
  }

  public ExporterConfig withPollInterval(Duration d, Duration timeout) {
    return new ExporterConfig(listen, metricsPath, d, criEndpoint, timeout, criMaxMessageBytes,
        hostRoot, cgroupRoot, keepStale, labelMode, podLabels, enableCollectors,
        disableCollectors);
  }

  public ExporterConfig withCgroupRoot(Path root) {
    return new ExporterConfig(listen, metricsPath, pollInterval, criEndpoint, criTimeout,
        criMaxMessageBytes, hostRoot, root, keepStale, labelMode, podLabels, enableCollectors,
        disableCollectors);
  }

  public ExporterConfig withEndpoint(String endpoint, Path hostRoot) {
    return new ExporterConfig(listen, metricsPath, pollInterval, Optional.ofNullable(endpoint),
        criTimeout, criMaxMessageBytes, hostRoot, hostRoot.resolve("sys/fs/cgroup"), keepStale,
        labelMode, podLabels, enableCollectors, disableCollectors);
  }
}
