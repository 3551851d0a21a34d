package dev.criexporter.exporter;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.exporter.check.CheckSettings;
import dev.criexporter.exporter.demo.DemoNode;
import dev.criexporter.exporter.doctor.DoctorCommand;
import dev.criexporter.exporter.metrics.Collector;
import dev.criexporter.exporter.metrics.Collectors;
import dev.criexporter.exporter.metrics.LabelScheme;
import dev.criexporter.exporter.web.TlsContexts;
import dev.criexporter.exporter.web.WebConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Command line entry point. Every flag has an environment equivalent, {@code CRI_EXPORTER_} plus
 * the flag name in upper case with dots and dashes as underscores; a flag beats its variable.
 */
@Command(name = "cri-exporter", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class, sortOptions = false,
    subcommands = DoctorCommand.class,
    description = "Exports container metrics from the Kubernetes CRI, cross-checked against"
        + " cgroups, under cAdvisor's metric names.")
public final class Main implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin HostOptions host = new HostOptions();

  @Option(names = "--web.listen-address", paramLabel = "HOST:PORT",
      defaultValue = "${env:CRI_EXPORTER_WEB_LISTEN_ADDRESS:-:" + ExporterConfig.DEFAULT_PORT + "}",
      description = "Address to serve metrics on (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--web.telemetry-path", paramLabel = "PATH",
      defaultValue = "${env:CRI_EXPORTER_WEB_TELEMETRY_PATH:-/metrics}",
      description = "Path of the metrics endpoint (default: ${DEFAULT-VALUE}).")
  String metricsPath;

  @Option(names = "--web.config.file", paramLabel = "FILE",
      defaultValue = "${env:CRI_EXPORTER_WEB_CONFIG_FILE}",
      description = "Web config for TLS and basic auth, in the format Prometheus exporters share"
          + " (tls_server_config, basic_auth_users, http_server_config.headers). Default: plain"
          + " HTTP, no auth.")
  Path webConfigFile;

  @Option(names = "--web.health-listen-address", paramLabel = "HOST:PORT",
      defaultValue = "${env:CRI_EXPORTER_WEB_HEALTH_LISTEN_ADDRESS}",
      description = "Also serve /healthz and /readyz on this plain-HTTP address without auth"
          + " (for kubelet probes when the main listener needs TLS or auth).")
  String healthListen;

  @Option(names = "--poll.interval", paramLabel = "DURATION",
      defaultValue = "${env:CRI_EXPORTER_POLL_INTERVAL:-10s}", converter = DurationConverter.class,
      description = "Time between polls of the runtime, e.g. 10s, 500ms, 1m (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(names = "--poll.keep-stale", paramLabel = "DURATION",
      defaultValue = "${env:CRI_EXPORTER_POLL_KEEP_STALE:-30s}", converter = DurationConverter.class,
      description = "How long container series of the last good poll are still served while the"
          + " runtime fails (default: ${DEFAULT-VALUE}).")
  Duration keepStale;


  @Option(names = "--cri.timeout", paramLabel = "DURATION",
      defaultValue = "${env:CRI_EXPORTER_CRI_TIMEOUT}", converter = DurationConverter.class,
      description = "Deadline of each CRI call (default: 5s, or the poll interval if shorter).")
  Duration criTimeout;

  @Option(names = "--cri.max-message-size", paramLabel = "BYTES",
      defaultValue = "${env:CRI_EXPORTER_CRI_MAX_MESSAGE_SIZE:-64MiB}",
      converter = SizeConverter.class,
      description = "Largest CRI answer accepted, e.g. 64MiB (default: ${DEFAULT-VALUE}).")
  long criMaxMessage;



  @Option(names = "--path.cgroup-mode", paramLabel = "MODE",
      defaultValue = "${env:CRI_EXPORTER_PATH_CGROUP_MODE:-auto}",
      description = "auto (detect with statfs), unified, hybrid or legacy: for a cgroup tree"
          + " that is a copy or a simulation and cannot be detected (default: auto).")
  String cgroupMode;

  @Option(names = "--labels.mode", paramLabel = "MODE",
      defaultValue = "${env:CRI_EXPORTER_LABELS_MODE:-cadvisor}", converter = LabelModeConverter.class,
      description = "cadvisor: namespace,pod,container,image,id,name (kubelet's set);"
          + " lean: without id and name (default: cadvisor).")
  LabelScheme.Mode labelMode;

  @Option(names = "--labels.pod-allowlist", paramLabel = "KEY", split = ",",
      defaultValue = "${env:CRI_EXPORTER_LABELS_POD_ALLOWLIST}",
      description = "Pod labels exported as container_label_<key> (comma-separated; none by"
          + " default).")
  List<String> podLabels = new ArrayList<>();

  @Option(names = "--crosscheck.memory-tolerance", paramLabel = "BYTES",
      defaultValue = "${env:CRI_EXPORTER_CROSSCHECK_MEMORY_TOLERANCE:-1MiB}",
      converter = SizeConverter.class,
      description = "Absolute slack of memory cross-checks beyond the movement seen around the"
          + " runtime's answer (default: ${DEFAULT-VALUE}).")
  long memoryTolerance;

  @Option(names = "--crosscheck.memory-tolerance-ratio", paramLabel = "RATIO",
      defaultValue = "${env:CRI_EXPORTER_CROSSCHECK_MEMORY_TOLERANCE_RATIO:-0.02}",
      description = "Relative slack of memory cross-checks; the larger of the two applies"
          + " (default: ${DEFAULT-VALUE}).")
  double memoryToleranceRatio;

  @Option(names = "--crosscheck.cpu-slack", paramLabel = "DURATION",
      defaultValue = "${env:CRI_EXPORTER_CROSSCHECK_CPU_SLACK:-10ms}",
      converter = DurationConverter.class,
      description = "CPU time added to the derived CPU tolerance for timer granularity"
          + " (default: ${DEFAULT-VALUE}).")
  Duration cpuSlack;

  @Option(names = "--crosscheck.ghost-scan-interval", paramLabel = "DURATION",
      defaultValue = "${env:CRI_EXPORTER_CROSSCHECK_GHOST_SCAN_INTERVAL:-30s}",
      converter = DurationConverter.class,
      description = "How often the cgroup tree is walked for ghost cgroups"
          + " (default: ${DEFAULT-VALUE}).")
  Duration ghostScanInterval;

  @Option(names = "--log.format", paramLabel = "FORMAT",
      defaultValue = "${env:CRI_EXPORTER_LOG_FORMAT:-text}",
      converter = LogFormatConverter.class,
      description = "text or json (default: ${DEFAULT-VALUE}).")
  LoggingSetup.Format logFormat;

  @Option(names = "--log.level", paramLabel = "LEVEL",
      defaultValue = "${env:CRI_EXPORTER_LOG_LEVEL:-info}",
      description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
  String logLevel;

  /** Entry point. */
  public static void main(String[] args) {
    // gRPC's pooled allocator keeps a direct arena per 2 × CPUs, each holding 4 MiB chunks once
    // a large answer passed through it; one poll thread needs one arena (NMT "Other" at 1,000
    // containers: 18 MiB with the default, 12 MiB with one). An explicit setting wins.
    if (System.getProperty(NETTY_DIRECT_ARENAS) == null) {
      System.setProperty(NETTY_DIRECT_ARENAS, "1");
    }
    System.exit(commandLine().execute(args));
  }

  static final String NETTY_DIRECT_ARENAS =
      "io.grpc.netty.shaded.io.netty.allocator.numDirectArenas";

  /** The command line with its per-collector flags, for tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    // No "@file" argument files: an argument starting with @ is an argument like any other (and
    // a typo such as "@." is a clear "unmatched argument", not an unreadable-file crash).
    cl.setExpandAtFiles(false);
    CommandSpec s = cl.getCommandSpec();
    for (Collector c : Collectors.all()) {
      s.addOption(OptionSpec.builder("--collector." + c.name()).arity("0").type(boolean.class)
          .description("Enable the " + c.name() + " collector: " + c.description()
              + (c.enabledByDefault() ? " (on by default)." : " (off by default)."))
          .build());
      s.addOption(OptionSpec.builder("--no-collector." + c.name()).arity("0").type(boolean.class)
          .description("Disable the " + c.name() + " collector.").hidden(true).build());
    }
    return cl;
  }

  @Option(names = "--demo", paramLabel = "WHEN", arity = "0..1", fallbackValue = "true",
      defaultValue = "${env:CRI_EXPORTER_DEMO:-false}",
      description = "Run against an embedded simulated node (a fake runtime and cgroup tree with"
          + " realistic pods, one lying container and one ghost cgroup): works anywhere, no root"
          + " or runtime needed; cri_runtime_info says runtime=\"" + DemoNode.RUNTIME_NAME + "\"."
          + " --demo=auto does so only when no runtime socket is configured or found"
          + " (default: false).")
  String demo;

  @Override
  public Integer call() throws Exception {
    ExporterConfig config = config();
    LoggingSetup.apply(logFormat, logLevel);
    DemoNode demoNode = null;
    if (useDemo(demo, config)) {
      demoNode = DemoNode.start(DemoNode.DEFAULT_CONTAINERS);
      config = demoNode.configure(config);
    }
    Exporter exporter = Exporter.start(config);
    CountDownLatch stop = new CountDownLatch(1);
    DemoNode node = demoNode;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      exporter.close();
      if (node != null) {
        node.close();
      }
      stop.countDown();
    }, "shutdown"));
    stop.await();
    return 0;
  }

  /** Whether to run on the embedded demo node: --demo, or --demo=auto with no runtime around. */
  static boolean useDemo(String demo, ExporterConfig config) {
    String v = demo == null ? "false" : demo.trim().toLowerCase(java.util.Locale.ROOT);
    return switch (v) {
      case "true", "" -> true;
      case "false" -> false;
      case "auto" -> {
        boolean none = new dev.criexporter.cri.CriEndpoints(config.hostRoot(),
            config.criEndpoint(), System.getenv()).resolve().isEmpty();
        if (none) {
          org.slf4j.LoggerFactory.getLogger(Main.class).info("no container runtime socket"
              + " configured or found; --demo=auto runs on the embedded simulated node");
        }
        yield none;
      }
      default -> throw new IllegalArgumentException("--demo: '" + demo
          + "' is not one of true, false, auto");
    };
  }

  /** Validates and builds the configuration; a bad value names its flag. */
  ExporterConfig config() {
    try {
      Set<String> on = new HashSet<>();
      Set<String> off = new HashSet<>();
      for (Collector c : Collectors.all()) {
        if (Boolean.TRUE.equals(spec.findOption("--collector." + c.name()).getValue())) {
          on.add(c.name());
        }
        if (Boolean.TRUE.equals(spec.findOption("--no-collector." + c.name()).getValue())) {
          off.add(c.name());
        }
      }
      if (demo != null && !List.of("true", "false", "auto", "").contains(
          demo.trim().toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException("--demo: '" + demo
            + "' is not one of true, false, auto");
      }
      Set<String> both = new HashSet<>(on);
      both.retainAll(off);
      if (!both.isEmpty()) {
        throw new IllegalArgumentException("--collector." + both.iterator().next() + " and"
            + " --no-collector." + both.iterator().next() + " contradict each other");
      }
      Collectors.select(on, off);
      if (!host.hostRoot.isAbsolute()) {
        throw new IllegalArgumentException("--path.hostroot: must be an absolute path, got "
            + host.hostRoot);
      }
      Path cgroup = host.cgroupRoot != null ? host.cgroupRoot
          : host.hostRoot.resolve("sys/fs/cgroup");
      List<String> labels = podLabels == null ? List.of()
          : podLabels.stream().map(String::trim).filter(x -> !x.isEmpty()).toList();
      WebConfig web = WebConfig.PLAIN;
      if (webConfigFile != null && !webConfigFile.toString().isBlank()) {
        try {
          web = WebConfig.load(webConfigFile);
          web.tls().ifPresent(TlsContexts::server);
        } catch (java.io.IOException e) {
          throw new IllegalArgumentException("--web.config.file: cannot read " + webConfigFile
              + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--web.config.file " + webConfigFile + ": "
              + e.getMessage());
        }
      }
      InetSocketAddress health = healthListen == null || healthListen.isBlank() ? null
          : parseListen(healthListen, "--web.health-listen-address");
      return ExporterConfig.builder().listen(parseListen(listen, "--web.listen-address"))
          .web(web).healthListen(health).metricsPath(metricsPath)
          .pollInterval(pollInterval).criEndpoint(host.criEndpoint)
          .criTimeout(criTimeout)
          .criMaxMessageBytes((int) Math.min(Integer.MAX_VALUE, criMaxMessage))
          .hostRoot(host.hostRoot).cgroupRoot(cgroup).cgroupMode(parseCgroupMode(cgroupMode))
          .keepStale(keepStale).labelMode(labelMode)
          .podLabels(labels).collectors(on, off)
          .crossCheck(new CheckSettings(memoryTolerance, memoryToleranceRatio, cpuSlack,
              ghostScanInterval))
          .build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  static CgroupMode parseCgroupMode(String v) {
    return switch (v == null ? "auto" : v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "auto", "" -> null;
      case "unified", "v2" -> CgroupMode.UNIFIED;
      case "hybrid" -> CgroupMode.HYBRID;
      case "legacy", "v1" -> CgroupMode.LEGACY;
      default -> throw new IllegalArgumentException("--path.cgroup-mode: '" + v
          + "' is not one of auto, unified, hybrid, legacy");
    };
  }

  static InetSocketAddress parseListen(String value, String flag) {
    String v = value.trim();
    int colon = v.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(flag + ": '" + value + "' must be HOST:PORT or :PORT");
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + ": '" + value + "' has no valid port");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(flag + ": port " + port + " is out of range 0-65535");
    }
    return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
  }

  /** Parses 10s, 500ms, 1m, 2h, 1m30s. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Parses 64MiB, 16MB, 1048576. */
  static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String v = value.trim();
      long mult = 1;
      String[][] units = {{"KiB", "1024"}, {"MiB", "1048576"}, {"GiB", "1073741824"},
          {"KB", "1000"}, {"MB", "1000000"}, {"GB", "1000000000"}, {"B", "1"}};
      for (String[] u : units) {
        if (v.endsWith(u[0])) {
          mult = Long.parseLong(u[1]);
          v = v.substring(0, v.length() - u[0].length()).trim();
          break;
        }
      }
      try {
        long n = Long.parseLong(v);
        if (n <= 0) {
          throw new CommandLine.TypeConversionException("'" + value + "' must be positive");
        }
        return Math.multiplyExact(n, mult);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new CommandLine.TypeConversionException("'" + value
            + "' is not a size like 64MiB, 16MB or 1048576");
      }
    }
  }

  static final class LabelModeConverter implements CommandLine.ITypeConverter<LabelScheme.Mode> {
    @Override
    public LabelScheme.Mode convert(String value) {
      return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "cadvisor" -> LabelScheme.Mode.CADVISOR;
        case "lean" -> LabelScheme.Mode.LEAN;
        default -> throw new CommandLine.TypeConversionException("'" + value
            + "' is not one of: cadvisor, lean");
      };
    }
  }

  static final class LogFormatConverter implements CommandLine.ITypeConverter<LoggingSetup.Format> {
    @Override
    public LoggingSetup.Format convert(String value) {
      return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "text", "logfmt" -> LoggingSetup.Format.TEXT;
        case "json" -> LoggingSetup.Format.JSON;
        default -> throw new CommandLine.TypeConversionException("'" + value
            + "' is not one of: text, json");
      };
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo b = BuildInfo.load();
      return new String[] {"cri-exporter " + b.version() + " (" + b.revision() + ")"};
    }
  }
}
