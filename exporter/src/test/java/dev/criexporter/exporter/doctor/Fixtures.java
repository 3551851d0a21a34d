package dev.criexporter.exporter.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The fixture host roots under src/test/resources/doctor/ and the golden reports under
 * src/test/resources/doctor/expected/ (rewritten with -Dcri-exporter.regenerate=true).
 */
final class Fixtures {
  private Fixtures() {
  }

  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);
  static final Path EXPECTED = Path.of("src", "test", "resources", "doctor", "expected");

  /** Container and sandbox ids the fixture trees use (sha256 of the names). */
  static final String WEB_SANDBOX =
      "9ec75e384b0c69031d9f288a010b65ada11d7886fcf167caf7e397edd8a2cbd6";
  static final String WEB_APP = "a7a1d1b1b26d8785d3cae7a3b8b137b8f08991a2412713846e58baaba5683a4c";
  static final String GHOST = "ead6ef03d61ee60c533d6d450c50a1e559a8a37f6b796a4094cd0dac6b744428";
  static final String LOST_APP =
      "1fdd5bbb372f4561a60c98b65a6d2465f26e79869a5c4f247734498335e016a3";

  /** The fixture host root {@code name}. */
  static Path root(String name) {
    URL url = Fixtures.class.getResource("/doctor/" + name);
    assertThat(url).as("fixture host root doctor/" + name).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The doctor's paths for a fixture root. The process's own /proc and /sys point nowhere, so
   * nothing of the machine running the test leaks into a result.
   */
  static DoctorPaths paths(Path root) {
    return new DoctorPaths(root, root.resolve("sys/fs/cgroup"),
        root.resolveSibling("no-process-root"));
  }

  /** Asserts {@code actual} equals the golden file {@code name}.txt, or rewrites it. */
  static void assertGolden(String name, String actual) throws IOException {
    Path file = EXPECTED.resolve(name + ".txt");
    if (Boolean.getBoolean("cri-exporter.regenerate")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(file).as("golden " + file + "; regenerate with -Dcri-exporter.regenerate=true")
        .exists();
    assertThat(actual).as("report for " + name + " differs from " + file)
        .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
