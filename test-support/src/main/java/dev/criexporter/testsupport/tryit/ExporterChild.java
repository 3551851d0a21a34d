package dev.criexporter.testsupport.tryit;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The exporter as a child process, started from its shaded jar the way the container image
 * starts it, listening on 127.0.0.1 and reading one CRI socket; its output goes to a log file.
 */
final class ExporterChild implements AutoCloseable {

  /**
   * The image's JVM flags (Dockerfile {@code JAVA_TOOL_OPTIONS}) with the chart's 200 MiB memory
   * limit made visible to the JVM, as in a pod: a heap of 100 MiB at most.
   */
  static final List<String> IMAGE_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xmn8m", "-XX:MaxRAM=200m",
      "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError");

  private static final String FIX = "if the jar is broken or old, rebuild it: mvn -B -q -pl exporter -am package"
      + " -DskipTests; the exporter's whole output is in ";
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

  private ExporterChild(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * The command line: {@code java <image flags> -jar <jar> --cri.endpoint=<endpoint>
   * --web.listen-address=127.0.0.1:<port> --poll.interval=<interval>}.
   */
  static List<String> command(Path jar, String criEndpoint, int port, Duration pollInterval) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(IMAGE_JVM_FLAGS);
    command.add("-jar");
    command.add(jar.toString());
    command.add("--cri.endpoint=" + criEndpoint);
    command.add("--web.listen-address=127.0.0.1:" + port);
    command.add("--poll.interval=" + TryItOptions.format(pollInterval));
    return command;
  }

  static ExporterChild start(Path jar, String criEndpoint, int port, Duration pollInterval, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command(jar, criEndpoint, port, pollInterval))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(new File("/dev/null"));
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("_JAVA_OPTIONS");
    try {
      return new ExporterChild(builder.start(), port, log);
    } catch (IOException e) {
      throw new StepFailure("cannot run java for the exporter: " + e.getMessage(),
          "check that " + builder.command().get(0) + " runs", e);
    }
  }

  long pid() {
    return process.pid();
  }

  int port() {
    return port;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  Path log() {
    return log;
  }

  /**
   * Waits until {@code /readyz} answers 200: the first poll of the runtime is published.
   *
   * @throws StepFailure if the process exits or is not ready within {@code timeout}
   */
  void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (true) {
      if (!process.isAlive()) {
        throw new StepFailure("the exporter exited with code " + process.exitValue() + System.lineSeparator()
            + "---- last lines of " + log + " ----" + System.lineSeparator() + tail(20),
            FIX + log);
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/readyz")).timeout(HTTP_TIMEOUT)
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = "/readyz answered " + response.statusCode();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailure("interrupted while waiting for the exporter", "");
      }
      if (System.nanoTime() > deadline) {
        throw new StepFailure("the exporter is not ready after " + timeout.toSeconds() + " s (" + last + ")"
            + System.lineSeparator() + "---- last lines of " + log + " ----" + System.lineSeparator()
            + tail(20), FIX + log);
      }
      sleep(100);
    }
  }

  /** The metrics page, as text. */
  String scrape() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/metrics")).timeout(Duration.ofSeconds(10))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET /metrics answered " + response.statusCode());
    }
    return response.body();
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() {
    RunProcesses.stop(process.toHandle(), STOP_GRACE);
  }

  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
