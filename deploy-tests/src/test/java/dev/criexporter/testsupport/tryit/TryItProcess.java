package dev.criexporter.testsupport.tryit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@link TryIt} as a separate JVM, launched through its {@code main} as scripts/try-it.sh
 * launches it (with this JVM's classpath), its output going to a file.
 */
final class TryItProcess {

  private final Process process;
  private final Path output;

  private TryItProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  static TryItProcess start(Path output, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1",
        // as scripts/try-it.sh: the harness's logging off, so the output is what a user sees
        "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider", "-Dslf4j.internal.verbosity=WARN",
        "-cp", System.getProperty("java.class.path"), TryIt.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    try {
      return new TryItProcess(builder.start(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Process process() {
    return process;
  }

  long pid() {
    return process.pid();
  }

  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + output + ": " + e + ")";
    }
  }

  /** Waits until the output satisfies {@code until}; fails, showing the output, if the process exits or time runs out. */
  String awaitOutput(String what, Predicate<String> until, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String text = output();
      if (until.test(text)) {
        return text;
      }
      if (!process.isAlive()) {
        throw new AssertionError("try-it exited with " + process.exitValue() + " before " + what
            + "; its output:\n" + text);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within " + timeout.toSeconds() + " s; try-it's output:\n" + text);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  /** Waits for the process to exit and returns its exit code; fails, showing the output, if it does not in time. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("try-it did not exit within " + timeout.toSeconds() + " s; its output:\n" + output());
    }
    return process.exitValue();
  }
}
