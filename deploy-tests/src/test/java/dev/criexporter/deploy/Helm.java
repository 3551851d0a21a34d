package dev.criexporter.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The helm binary that scripts/install-deploy-tools.sh installs, run against a chart directory.
 * Its config, cache and data directories are kept under the build directory, and no kubeconfig is
 * read, so nothing outside the build is touched.
 */
final class Helm {

  static final String RELEASE = "obs";
  static final String NAMESPACE = "monitoring";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path binary;
  private final Map<String, String> environment;

  private Helm(Path binary) {
    this.binary = binary;
    Path home = DeployEnvironment.workDir("helm-home");
    this.environment = Map.of(
        "HELM_CONFIG_HOME", home.resolve("config").toString(),
        "HELM_CACHE_HOME", home.resolve("cache").toString(),
        "HELM_DATA_HOME", home.resolve("data").toString(),
        "KUBECONFIG", home.resolve("no-kubeconfig").toString());
  }

  /** The installed helm; ends the test (fails under CI) if it is missing. */
  static Helm installed() {
    return new Helm(DeployEnvironment.helm());
  }

  Exec.Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    return Exec.run(TIMEOUT, null, environment, null, command);
  }

  /** {@code helm lint --strict <chart> <args>}. */
  Exec.Result lint(Path chart, String... args) {
    List<String> command = new ArrayList<>(List.of("lint", "--strict", chart.toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  /** {@code helm template obs <chart> --namespace monitoring <args>}. */
  Exec.Result template(Path chart, String... args) {
    List<String> command = new ArrayList<>(List.of("template", RELEASE, chart.toString(), "--namespace", NAMESPACE));
    command.addAll(List.of(args));
    return run(command);
  }

  /** Renders the chart and parses the result; fails with helm's message if rendering fails. */
  Manifests render(Path chart, String... args) {
    return Manifests.parse(template(chart, args).requireOk());
  }

  /** The NOTES an install would print, from a client-side dry run (no cluster needed). */
  String notes(Path chart, String... args) {
    List<String> command = new ArrayList<>(List.of("install", RELEASE, chart.toString(), "--namespace", NAMESPACE,
        "--dry-run=client"));
    command.addAll(List.of(args));
    String out = run(command).requireOk();
    int at = out.indexOf("NOTES:");
    if (at < 0) {
      throw new AssertionError("helm install --dry-run printed no NOTES:" + System.lineSeparator() + out);
    }
    return out.substring(at);
  }
}
