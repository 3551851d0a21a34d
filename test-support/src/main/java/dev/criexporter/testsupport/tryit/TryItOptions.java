package dev.criexporter.testsupport.tryit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of {@link TryIt}: {@code --down} or not, where the state lives, which ports
 * to start from, how often to poll and how long the restarter lives.
 */
record TryItOptions(boolean down, boolean help, Path projectDir, Path stateDir, Path exporterJar, Path rulesFile,
          int exporterPort, int prometheusPort, Duration pollInterval, Duration restartEvery) {

  static final Path DEFAULT_STATE_DIR = Path.of("/tmp/cri-exporter-try-it");
  static final int DEFAULT_EXPORTER_PORT = 9758;
  static final int DEFAULT_PROMETHEUS_PORT = 9090;
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
  static final Duration DEFAULT_RESTART_EVERY = Duration.ofSeconds(20);

  static final String USAGE = String.join(System.lineSeparator(),
      "usage: try-it [--down] [OPTIONS]",
      "",
      "Starts a private containerd with demo pods, cri-exporter and Prometheus on 127.0.0.1, and",
      "stops and removes all of it on Ctrl-C (SIGINT or SIGTERM). Needs root on Linux.",
      "",
      "  --down                   stop the try-it running with this state directory and remove",
      "                           everything it started; cleans up after a killed one too",
      "  --state-dir=DIR          where everything of this run lives (default " + DEFAULT_STATE_DIR + ")",
      "  --project-dir=DIR        the cri-exporter checkout (default: the current directory)",
      "  --exporter-jar=FILE      default <project>/exporter/target/cri-exporter.jar",
      "  --rules=FILE             alert rules for Prometheus (default <project>/alerts/cri-exporter.rules.yaml)",
      "  --exporter-port=PORT     first port to try for the exporter (default " + DEFAULT_EXPORTER_PORT + ")",
      "  --prometheus-port=PORT   first port to try for Prometheus (default " + DEFAULT_PROMETHEUS_PORT + ")",
      "  --poll-interval=DURATION exporter poll, scrape and rule interval (default 5s)",
      "  --restart-every=DURATION how long the restarter runs before it exits (default 20s, whole seconds)",
      "  --help                   this text");

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

  TryItOptions {
    if (pollInterval.compareTo(Duration.ofMillis(500)) < 0) {
      throw new IllegalArgumentException("--poll-interval must be at least 500ms, got " + format(pollInterval));
    }
    if (restartEvery.toSeconds() < 1 || restartEvery.toNanosPart() != 0) {
      throw new IllegalArgumentException("--restart-every must be whole seconds, at least 1s, got "
          + format(restartEvery));
    }
  }

  /**
   * Parses {@code args}; relative paths are resolved against {@code workingDir}.
   *
   * @throws IllegalArgumentException naming the flag that is unknown or has a bad value
   */
  static TryItOptions parse(String[] args, Path workingDir) {
    boolean down = false;
    boolean help = false;
    Path projectDir = workingDir;
    Path stateDir = DEFAULT_STATE_DIR;
    Path exporterJar = null;
    Path rulesFile = null;
    int exporterPort = DEFAULT_EXPORTER_PORT;
    int prometheusPort = DEFAULT_PROMETHEUS_PORT;
    Duration pollInterval = DEFAULT_POLL_INTERVAL;
    Duration restartEvery = DEFAULT_RESTART_EVERY;
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String flag = eq < 0 ? arg : arg.substring(0, eq);
      String value = eq < 0 ? null : arg.substring(eq + 1);
      switch (flag) {
        case "--down" -> down = noValue(flag, value);
        case "--help", "-h" -> help = noValue(flag, value);
        case "--state-dir" -> stateDir = path(flag, value, workingDir);
        case "--project-dir" -> projectDir = path(flag, value, workingDir);
        case "--exporter-jar" -> exporterJar = path(flag, value, workingDir);
        case "--rules" -> rulesFile = path(flag, value, workingDir);
        case "--exporter-port" -> exporterPort = port(flag, value);
        case "--prometheus-port" -> prometheusPort = port(flag, value);
        case "--poll-interval" -> pollInterval = duration(flag, value);
        case "--restart-every" -> restartEvery = duration(flag, value);
        default -> throw new IllegalArgumentException("unknown option " + flag + " (see --help)");
      }
    }
    if (stateDir.getNameCount() < 2) {
      throw new IllegalArgumentException("--state-dir must be a directory of its own, not " + stateDir
          + ": it is deleted when try-it stops");
    }
    return new TryItOptions(down, help, projectDir,
        stateDir,
        exporterJar != null ? exporterJar : projectDir.resolve("exporter/target/cri-exporter.jar"),
        rulesFile != null ? rulesFile : projectDir.resolve("alerts/cri-exporter.rules.yaml"),
        exporterPort, prometheusPort, pollInterval, restartEvery);
  }

  /** Whether {@link #stateDir()} is the default one (then {@code --down} needs no option). */
  boolean defaultStateDir() {
    return stateDir.equals(DEFAULT_STATE_DIR);
  }

  /** {@code 5s}, {@code 1500ms}: how the flags are written. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
  }

  private static boolean noValue(String flag, String value) {
    if (value != null) {
      throw new IllegalArgumentException(flag + " takes no value");
    }
    return true;
  }

  private static String required(String flag, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(flag + " needs a value: " + flag + "=...");
    }
    return value.strip();
  }

  private static Path path(String flag, String value, Path workingDir) {
    return workingDir.resolve(required(flag, value)).toAbsolutePath().normalize();
  }

  private static int port(String flag, String value) {
    String text = required(flag, value);
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(flag + " must be a port number from 1 to 65535, got " + text);
  }

  private static Duration duration(String flag, String value) {
    String text = required(flag, value).toLowerCase(Locale.ROOT);
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(flag + " must be a duration such as 5s, 500ms or 1m, got " + text);
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      default -> Duration.ofMinutes(amount);
    };
  }
}
