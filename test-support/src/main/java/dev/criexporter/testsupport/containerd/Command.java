package dev.criexporter.testsupport.containerd;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short external command to completion, with a time limit, capturing its combined output. */
final class Command {

  /** How a command ended: its exit code (-1 if it was killed for taking too long) and its output. */
  record Result(List<String> argv, int exitCode, String output) {

    boolean succeeded() {
      return exitCode == 0;
    }

    String describe() {
      String status = exitCode < 0 ? "timed out" : "exited with " + exitCode;
      return String.join(" ", argv) + " " + status + (output.isBlank() ? "" : ": " + output.strip());
    }
  }

  private Command() {
  }

  static Result run(Duration timeout, String... argv) {
    List<String> command = List.of(argv);
    Path output = null;
    try {
      output = Files.createTempFile("command-", ".out");
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .redirectInput(new File("/dev/null"))
          .start();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      return new Result(command, finished ? process.exitValue() : -1, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }
}
