package dev.criexporter.bench.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The exporter as a separate JVM, started the way the image starts it, so that its resident memory
 * and CPU time are its own.
 */
final class ExporterProcess implements AutoCloseable {

  /**
   * The image's JVM flags (Dockerfile JAVA_TOOL_OPTIONS and entry point), with the chart's 200 MiB
   * memory limit made visible to the JVM: in the pod the heap is 50 % of the container limit.
   */
  static final List<String> IMAGE_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xmn8m",
      "-XX:MaxRAM=200m", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError",
      "-XX:-UsePerfData");

  private final Process process;
  private final int port;
  private final Path log;
  private final List<String> command;

  private ExporterProcess(Process process, int port, Path log, List<String> command) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.command = command;
  }

  /**
   * Starts {@code java <image flags> <launch> --web.listen-address=127.0.0.1:<free port> <args>}.
   *
   * @param launch {@code -jar cri-exporter.jar} or {@code -cp <classpath> dev.criexporter.exporter.Main}
   */
  static ExporterProcess start(List<String> launch, List<String> args, Path log) {
    return start(IMAGE_JVM_FLAGS, launch, args, log);
  }

  /** As {@link #start(List, List, Path)} with other JVM flags. */
  static ExporterProcess start(List<String> jvmFlags, List<String> launch, List<String> args,
      Path log) {
    int port = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.addAll(launch);
    cmd.add("--web.listen-address=127.0.0.1:" + port);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("MALLOC_ARENA_MAX", "2");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("_JAVA_OPTIONS");
    try {
      return new ExporterProcess(pb.start(), port, log, List.copyOf(cmd));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  int port() {
    return port;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  String metricsUrl() {
    return url("/metrics");
  }

  List<String> command() {
    return command;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The image's flags with a larger memory limit, for sizes the image's heap cannot hold. */
  static List<String> withMaxRam(String maxRam) {
    List<String> flags = new ArrayList<>();
    for (String f : IMAGE_JVM_FLAGS) {
      flags.add(f.startsWith("-XX:MaxRAM=") ? "-XX:MaxRAM=" + maxRam : f);
    }
    return List.copyOf(flags);
  }

  /** Waits until /readyz answers 200 (the first poll is published). */
  void awaitReady(Http http, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("exporter exited with " + process.exitValue() + ": "
            + tail());
      }
      if (http.status(url("/readyz")) == 200) {
        return;
      }
      sleep(50);
    }
    throw new IllegalStateException("exporter not ready within " + timeout + ": " + tail());
  }

  /** The last lines of its log. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops it with SIGTERM (its shutdown hook closes the server), SIGKILL after 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
