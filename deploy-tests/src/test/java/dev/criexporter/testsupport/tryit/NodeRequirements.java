package dev.criexporter.testsupport.tryit;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether try-it can run end to end here, and what the test does when it cannot: anything
 * missing — the exporter jar (the build makes it before this module), root, containerd,
 * prometheus, ... — fails it under {@code CI=true}, where all must be there, and skips it
 * elsewhere.
 */
final class NodeRequirements {

  private NodeRequirements() {
  }

  static void require(TryItOptions options, Map<String, String> environment) {
    decide(options, Prerequisites.check(options), environment);
  }

  static void decide(TryItOptions options, List<Prerequisites.Missing> missing, Map<String, String> environment) {
    List<Prerequisites.Missing> machine = missing;
    if (!machine.isEmpty()) {
      String message = "try-it cannot run here: " + String.join("; ", machine.stream()
          .map(m -> m.what() + " (fix: " + m.fix() + ")").toList());
      if ("true".equalsIgnoreCase(environment.getOrDefault("CI", "").strip())) {
        throw new AssertionError(message + " (CI=true: a CI machine must provide them, so this fails)");
      }
      Assumptions.abort(message);
    }
  }
}
