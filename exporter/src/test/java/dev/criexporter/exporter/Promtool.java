package dev.criexporter.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs Debian's promtool on an exposition. Under CI=true a missing promtool fails the test. */
public final class Promtool {
  private Promtool() {
  }

  public static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/promtool"));
  }

  /** Asserts {@code promtool check metrics} reports nothing for {@code exposition}. */
  public static void checkMetrics(String exposition) throws IOException, InterruptedException {
    if (!available()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("promtool is missing: apt-get install -y prometheus");
      }
      Assumptions.abort("promtool not installed (apt-get install -y prometheus)");
    }
    Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics")
        .redirectErrorStream(true).start();
    p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).as("promtool check metrics output").isEmpty();
    assertThat(p.exitValue()).isZero();
  }
}
