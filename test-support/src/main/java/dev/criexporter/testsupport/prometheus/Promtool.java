package dev.criexporter.testsupport.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code promtool}: rule checks and rule unit tests, config checks, exposition lint.
 *
 * <pre>{@code
 * Promtool promtool = Promtool.locateOrAbort();
 * promtool.testRules(Path.of("alerts/tests/runtime.test.yaml")).requireOk();
 * }</pre>
 */
public final class Promtool {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final Path binary;

  private Promtool(Path binary) {
    this.binary = binary;
  }

  /** The {@code promtool} on the PATH (or in system property {@code promtool.binary} / {@code PROMTOOL_BINARY}). */
  public static Optional<Promtool> locate() {
    return ToolAvailability.find("promtool", "promtool.binary", "PROMTOOL_BINARY").map(Promtool::new);
  }

  /** Like {@link #locate()}, but ends the calling test when there is none: failed under {@code CI=true}, skipped otherwise. */
  public static Promtool locateOrAbort() {
    return locate().orElseThrow(() -> ToolAvailability.failOrSkip(
        ToolAvailability.whyMissing("promtool", "promtool.binary", "PROMTOOL_BINARY"), System.getenv()));
  }

  public Path binary() {
    return binary;
  }

  /** {@code promtool check rules FILE...} */
  public Result checkRules(Path... files) {
    return run(null, "check", "rules", files);
  }

  /** {@code promtool test rules FILE...}; each test file names its rule files relative to itself. */
  public Result testRules(Path... files) {
    return run(null, "test", "rules", files);
  }

  /** {@code promtool check config FILE} */
  public Result checkConfig(Path file) {
    return run(null, "check", "config", file);
  }

  /** {@code promtool check metrics} with {@code exposition} (text format 0.0.4) on stdin. */
  public Result checkMetrics(String exposition) {
    return run(exposition, "check", "metrics");
  }

  private Result run(String stdin, String verb, String noun, Path... files) {
    List<String> command = new ArrayList<>(List.of(binary.toString(), verb, noun));
    for (Path f : files) {
      command.add(f.toAbsolutePath().normalize().toString());
    }
    return execute(command, stdin);
  }

  private static Result execute(List<String> command, String stdin) {
    Path out = null;
    Path err = null;
    Path in = null;
    long started = System.nanoTime();
    try {
      out = Files.createTempFile("promtool-", ".out");
      err = Files.createTempFile("promtool-", ".err");
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      if (stdin != null) {
        in = Files.createTempFile("promtool-", ".in");
        Files.writeString(in, stdin, StandardCharsets.UTF_8);
        builder.redirectInput(in.toFile());
      } else {
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      }
      Process process = builder.start();
      int exit;
      if (process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        exit = process.exitValue();
      } else {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        exit = -1;
      }
      return new Result(List.copyOf(command), exit, Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    } finally {
      for (Path p : new Path[] {out, err, in}) {
        if (p != null) {
          try {
            Files.deleteIfExists(p);
          } catch (IOException ignored) {
            // a temp file left behind is harmless
          }
        }
      }
    }
  }

  /** How a promtool run ended: exit code (-1 when killed after the time limit), output and duration. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr, Duration took) {

    public boolean ok() {
      return exitCode == 0;
    }

    /** stdout and stderr together, for searching promtool's messages (it uses both). */
    public String output() {
      return stdout + stderr;
    }

    /** The command, how it ended and its output, for assertion messages. */
    public String describe() {
      String status = exitCode < 0 ? "timed out" : "exited with " + exitCode;
      return String.join(" ", command) + " " + status
          + (stdout.isBlank() ? "" : System.lineSeparator() + "--- stdout ---" + System.lineSeparator() + stdout.strip())
          + (stderr.isBlank() ? "" : System.lineSeparator() + "--- stderr ---" + System.lineSeparator() + stderr.strip());
    }

    /** This result, or an {@link AssertionError} with the whole story if promtool did not succeed. */
    public Result requireOk() {
      if (!ok()) {
        throw new AssertionError(describe());
      }
      return this;
    }
  }
}
