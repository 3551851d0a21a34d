package dev.criexporter.exporter.doctor;

import dev.criexporter.exporter.HostOptions;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.criexporter.cri.CallObserver;
import dev.criexporter.cri.CriClient;
import dev.criexporter.cri.CriEndpoints;
import dev.criexporter.cri.ReconnectingCriClient;
import dev.criexporter.exporter.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cri-exporter doctor}: the node checks operators otherwise make by hand, printed as a
 * table (or JSON) with evidence and remedies. Reads only: files are opened read-only and the
 * runtime is asked through the read-only CRI client.
 */
@Command(name = "doctor", sortOptions = false, usageHelpAutoWidth = true,
    exitCodeOnInvalidInput = DoctorCommand.EXIT_USAGE,
    exitCodeOnExecutionException = DoctorCommand.EXIT_SOFTWARE,
    description = {
        "Checks the node for what container metrics and pods depend on: cgroup mode,"
            + " controllers and driver, the runtime and its stats calls, overlay, kernel,"
            + " ip_forward, seccomp, AppArmor/SELinux, and ghost or missing cgroups.",
        "Exit code: 0 all checks ok, 1 warnings or unknowns, 2 anything critical;"
            + " " + DoctorCommand.EXIT_USAGE + " bad arguments."})
public final class DoctorCommand implements Callable<Integer> {

  /** Exit code of invalid arguments (sysexits EX_USAGE), apart from the check outcomes. */
  public static final int EXIT_USAGE = 64;
  /** Exit code of an unexpected failure of the doctor itself (EX_SOFTWARE). */
  public static final int EXIT_SOFTWARE = 70;

  /** Opens the read-only CRI client the doctor asks. */
  @FunctionalInterface
  public interface ClientFactory {
    CriClient open(Path hostRoot, Optional<String> endpoint, Duration timeout);
  }

  /** Output formats. */
  enum Output { TABLE, JSON }

  static final ClientFactory REAL = (hostRoot, endpoint, timeout) -> new ReconnectingCriClient(
      new CriEndpoints(hostRoot, endpoint, System.getenv()), timeout, 64 * 1024 * 1024,
      CallObserver.NONE);

  @Spec CommandSpec spec;

  @Mixin HostOptions host = new HostOptions();

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;




  @Option(names = "--cri.timeout", paramLabel = "DURATION",
      defaultValue = "${env:CRI_EXPORTER_CRI_TIMEOUT:-5s}",
      description = "Deadline of each CRI call (default: ${DEFAULT-VALUE}).")
  String criTimeout;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--log.level", paramLabel = "LEVEL", defaultValue = "warn",
      description = "Log level of messages on stderr (default: ${DEFAULT-VALUE}).")
  String logLevel;

  private final ClientFactory clients;
  private final Clock clock;
  private final Path processRoot;

  /** The command as the command line runs it: a real CRI client, this process's /proc. */
  public DoctorCommand() {
    this(REAL, Clock.systemUTC(), Path.of("/"));
  }

  /** With another client, clock and own root (tests). */
  DoctorCommand(ClientFactory clients, Clock clock, Path processRoot) {
    this.clients = clients;
    this.clock = clock;
    this.processRoot = processRoot;
  }

  @Override
  public Integer call() {
    Settings s = settings();
    quietLogging(logLevel);
    try (CriClient client = clients.open(s.paths().hostRoot(), s.endpoint(), s.timeout())) {
      DoctorReport report = new Doctor(s.paths(), clock).runWithCrossCheck(client);
      PrintWriter out = spec.commandLine().getOut();
      if (s.output() == Output.JSON) {
        out.print(JsonFormat.render(report, s.paths(), client.endpoint()));
      } else {
        out.println("cri-exporter doctor: host root " + s.paths().hostRoot() + ", cgroup root "
            + s.paths().cgroupRoot() + ", runtime " + client.endpoint());
        out.println();
        out.print(TableFormat.render(report));
      }
      out.flush();
      return report.exitCode();
    }
  }

  /** The validated arguments. */
  record Settings(DoctorPaths paths, Optional<String> endpoint, Duration timeout, Output output) {
  }

  Settings settings() {
    try {
      if (!host.hostRoot.isAbsolute()) {
        throw new IllegalArgumentException("--path.hostroot: must be an absolute path, got "
            + host.hostRoot);
      }
      Path cgroup = host.cgroupRoot != null ? host.cgroupRoot
          : host.hostRoot.resolve("sys/fs/cgroup");
      if (!cgroup.isAbsolute()) {
        throw new IllegalArgumentException("--path.cgroup: must be an absolute path, got "
            + cgroup);
      }
      Optional<String> endpoint = Optional.ofNullable(host.criEndpoint).filter(e -> !e.isBlank());
      endpoint.ifPresent(e -> CriEndpoints.parse(e, "--cri.endpoint"));
      return new Settings(new DoctorPaths(host.hostRoot, cgroup, processRoot), endpoint, timeout(),
          format());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private Duration timeout() {
    Duration d;
    try {
      d = Durations.parse(criTimeout);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--cri.timeout: " + e.getMessage(), e);
    }
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("--cri.timeout: must be positive, got " + criTimeout);
    }
    return d;
  }

  private Output format() {
    return switch (output.trim().toLowerCase(Locale.ROOT)) {
      case "table" -> Output.TABLE;
      case "json" -> Output.JSON;
      default -> throw new IllegalArgumentException("--output: '" + output
          + "' is not one of: table, json");
    };
  }

  /** Keeps stderr to what matters for a one-off command. */
  private static void quietLogging(String level) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level, Level.WARN));
    }
  }
}
