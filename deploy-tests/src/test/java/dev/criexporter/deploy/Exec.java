package dev.criexporter.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external command to completion with a time limit, capturing stdout and stderr apart. */
final class Exec {

  /** How a command ended: its exit code (-1 if killed for taking too long), output and duration. */
  record Result(List<String> command, int exitCode, String stdout, String stderr, Duration took) {

    boolean ok() {
      return exitCode == 0;
    }

    /** The command, how it ended and its output, for assertion messages. */
    String describe() {
      String status = exitCode < 0 ? "timed out after " + took.toSeconds() + " s" : "exited with " + exitCode;
      return String.join(" ", command) + " " + status
          + (stdout.isBlank() ? "" : System.lineSeparator() + "--- stdout ---" + System.lineSeparator() + stdout.strip())
          + (stderr.isBlank() ? "" : System.lineSeparator() + "--- stderr ---" + System.lineSeparator() + stderr.strip());
    }

    /** stdout, or an AssertionError with the whole story if the command did not succeed. */
    String requireOk() {
      if (!ok()) {
        throw new AssertionError(describe());
      }
      return stdout;
    }
  }

  private Exec() {
  }

  static Result run(Duration timeout, List<String> command) {
    return run(timeout, null, Map.of(), null, command);
  }

  /**
   * Runs {@code command} in {@code directory} (null: this process's) with {@code environment}
   * added to this process's, feeding it {@code stdin} (null: nothing).
   */
  static Result run(Duration timeout, Path directory, Map<String, String> environment, String stdin, List<String> command) {
    Path out = null;
    Path err = null;
    Path in = null;
    long started = System.nanoTime();
    try {
      out = Files.createTempFile("exec-", ".out");
      err = Files.createTempFile("exec-", ".err");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      if (stdin != null) {
        in = Files.createTempFile("exec-", ".in");
        Files.writeString(in, stdin, StandardCharsets.UTF_8);
        builder.redirectInput(in.toFile());
      } else {
        builder.redirectInput(new File("/dev/null"));
      }
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      builder.environment().putAll(environment);
      Process process = builder.start();
      int exit;
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        exit = process.exitValue();
      } else {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
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
}
