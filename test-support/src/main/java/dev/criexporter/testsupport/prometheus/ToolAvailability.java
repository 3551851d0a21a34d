package dev.criexporter.testsupport.prometheus;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the Prometheus binaries and decides what a test does without them: on a CI machine
 * ({@code CI=true}) it fails, since a missing tool there is a broken build; elsewhere it is
 * skipped, naming the command that installs it.
 */
final class ToolAvailability {

  static final String INSTALL_COMMAND = "apt-get install -y prometheus";
  private static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private ToolAvailability() {
  }

  /**
   * The executable {@code name}: from the system property {@code propertyName} or the
   * environment variable {@code environmentName} if set (which must then point at an
   * executable), else the first on the PATH and the system directories.
   */
  static Optional<Path> find(String name, String propertyName, String environmentName) {
    String configured = System.getProperty(propertyName);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(environmentName);
    }
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured.strip());
      return isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    return findOnPath(name, searchPath(System.getenv("PATH")));
  }

  /** Why {@link #find} found nothing, for the skip or failure message. */
  static String whyMissing(String name, String propertyName, String environmentName) {
    String property = System.getProperty(propertyName);
    if (property != null && !property.isBlank()) {
      return "system property " + propertyName + "=" + property + " is not an executable file";
    }
    String environment = System.getenv(environmentName);
    if (environment != null && !environment.isBlank()) {
      return environmentName + "=" + environment + " is not an executable file";
    }
    return "no " + name + " on the PATH or in " + SYSTEM_PATH;
  }

  static Optional<Path> findOnPath(String name, String searchPath) {
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** {@code inherited} with the standard system directories appended where missing. */
  static String searchPath(String inherited) {
    List<String> entries = new ArrayList<>();
    if (inherited != null && !inherited.isBlank()) {
      entries.addAll(List.of(inherited.split(File.pathSeparator)));
    }
    for (String dir : SYSTEM_PATH.split(":")) {
      if (!entries.contains(dir)) {
        entries.add(dir);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  static boolean isCi(Map<String, String> environment) {
    return "true".equalsIgnoreCase(environment.getOrDefault("CI", "").strip());
  }

  /**
   * Ends the current test because {@code what} is missing: throws an {@link AssertionError}
   * under {@code CI=true}, otherwise aborts the test through JUnit's assumptions (reported as
   * skipped). Never returns normally.
   */
  static RuntimeException failOrSkip(String what, Map<String, String> environment) {
    String message = what + "; to run these tests: " + INSTALL_COMMAND;
    if (isCi(environment)) {
      throw new AssertionError(message + " (CI=true: a CI machine must provide it, so this fails instead of skipping)");
    }
    Assumptions.abort(message);
    throw new IllegalStateException("Assumptions.abort returned"); // not reached: abort always throws
  }

  private static boolean isExecutable(Path path) {
    return Files.isRegularFile(path) && Files.isExecutable(path);
  }
}
