package dev.criexporter.exporter;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.exporter.check.CheckSettings;
import dev.criexporter.exporter.metrics.LabelScheme;
import dev.criexporter.exporter.web.WebConfig;
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
 * @param crossCheck tolerances and the ghost walk interval of the cross-check
 * @param web TLS, basic auth and headers of the main listener (from --web.config.file)
 * @param healthListen a separate plain-HTTP listener for /healthz and /readyz, if wanted
 * @param cgroupMode the cgroup layout of {@code cgroupRoot} when it cannot be detected (a copied
 *     or simulated tree); empty means detect it with statfs
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
    Set<String> disableCollectors,
    CheckSettings crossCheck,
    WebConfig web,
    Optional<InetSocketAddress> healthListen,
    Optional<CgroupMode> cgroupMode) {

  /** The default port: outside the ports of node_exporter, cAdvisor, kubelet and containerd. */
  public static final int DEFAULT_PORT = 9758;

  /**
   * The longest duration any flag takes: the exporter computes in nanoseconds (a long holds 292
   * years), and a longer setting is a typo, not an intention.
   */
  public static final Duration MAX_DURATION = Duration.ofDays(365);

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
    requireAtMostMax(pollInterval, "--poll.interval");
    requireAtMostMax(criTimeout, "--cri.timeout");
    requireAtMostMax(keepStale, "--poll.keep-stale");
    if (crossCheck != null) {
      requireAtMostMax(crossCheck.cpuSlack(), "--crosscheck.cpu-slack");
      requireAtMostMax(crossCheck.ghostScanInterval(), "--crosscheck.ghost-scan-interval");
    }
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

  private static void requireAtMostMax(Duration d, String flag) {
    if (d != null && d.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(flag + ": at most " + MAX_DURATION.toHours()
          + "h, got " + d.toHours() + "h");
    }
  }

  private static void requirePositive(Duration d, String flag) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(flag + ": must be positive, got " + d);
    }
  }

  /** A configuration with the defaults, for tests and embedding. */
  public static ExporterConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.listen = listen;
    b.metricsPath = metricsPath;
    b.pollInterval = pollInterval;
    b.criEndpoint = criEndpoint;
    b.criTimeout = criTimeout;
    b.criMaxMessageBytes = criMaxMessageBytes;
    b.hostRoot = hostRoot;
    b.cgroupRoot = cgroupRoot;
    b.keepStale = keepStale;
    b.labelMode = labelMode;
    b.podLabels = podLabels;
    b.enableCollectors = enableCollectors;
    b.disableCollectors = disableCollectors;
    b.crossCheck = crossCheck;
    b.web = web;
    b.healthListen = healthListen;
    b.cgroupMode = cgroupMode;
    return b;
  }

  /** Builds configurations; every field starts at its default. */
  public static final class Builder {
    private InetSocketAddress listen = new InetSocketAddress("0.0.0.0", DEFAULT_PORT);
    private String metricsPath = "/metrics";
    private Duration pollInterval = Duration.ofSeconds(10);
    private Optional<String> criEndpoint = Optional.empty();
    private Duration criTimeout;
    private int criMaxMessageBytes = 64 * 1024 * 1024;
    private Path hostRoot = Path.of("/");
    private Path cgroupRoot = Path.of("/sys/fs/cgroup");
    private Duration keepStale = Duration.ofSeconds(30);
    private LabelScheme.Mode labelMode = LabelScheme.Mode.CADVISOR;
    private List<String> podLabels = List.of();
    private Set<String> enableCollectors = Set.of();
    private Set<String> disableCollectors = Set.of();
    private CheckSettings crossCheck = CheckSettings.DEFAULTS;
    private WebConfig web = WebConfig.PLAIN;
    private Optional<InetSocketAddress> healthListen = Optional.empty();
    private Optional<CgroupMode> cgroupMode = Optional.empty();

    public Builder listen(InetSocketAddress v) {
      listen = v;
      return this;
    }

    public Builder metricsPath(String v) {
      metricsPath = v;
      return this;
    }

    public Builder pollInterval(Duration v) {
      pollInterval = v;
      return this;
    }

    public Builder criEndpoint(String v) {
      criEndpoint = Optional.ofNullable(v).filter(x -> !x.isBlank());
      return this;
    }

    /** The deadline of each call; unset (null) means 5 s, or the poll interval if shorter. */
    public Builder criTimeout(Duration v) {
      criTimeout = v;
      return this;
    }

    public Builder criMaxMessageBytes(int v) {
      criMaxMessageBytes = v;
      return this;
    }

    /** Sets the host root and, below it, the cgroup root. */
    public Builder hostRoot(Path v) {
      hostRoot = v;
      cgroupRoot = v.resolve("sys/fs/cgroup");
      return this;
    }

    public Builder cgroupRoot(Path v) {
      cgroupRoot = v;
      return this;
    }

    public Builder keepStale(Duration v) {
      keepStale = v;
      return this;
    }

    public Builder labelMode(LabelScheme.Mode v) {
      labelMode = v;
      return this;
    }

    public Builder podLabels(List<String> v) {
      podLabels = v;
      return this;
    }

    public Builder collectors(Set<String> enable, Set<String> disable) {
      enableCollectors = enable;
      disableCollectors = disable;
      return this;
    }

    public Builder crossCheck(CheckSettings v) {
      crossCheck = v;
      return this;
    }

    public Builder web(WebConfig v) {
      web = v;
      return this;
    }

    public Builder healthListen(InetSocketAddress v) {
      healthListen = Optional.ofNullable(v);
      return this;
    }

    public Builder cgroupMode(CgroupMode v) {
      cgroupMode = Optional.ofNullable(v);
      return this;
    }

    /** Validates and builds. */
    public ExporterConfig build() {
      Duration timeout = criTimeout != null ? criTimeout
          : pollInterval.compareTo(Duration.ofSeconds(5)) < 0 ? pollInterval
          : Duration.ofSeconds(5);
      return new ExporterConfig(listen, metricsPath, pollInterval, criEndpoint, timeout,
          criMaxMessageBytes, hostRoot, cgroupRoot, keepStale, labelMode, podLabels,
          enableCollectors, disableCollectors, crossCheck, web, healthListen, cgroupMode);
    }
  }
}
