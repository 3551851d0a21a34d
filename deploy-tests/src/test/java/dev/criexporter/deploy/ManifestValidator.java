package dev.criexporter.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * src/test/node/validate-manifests.mjs run with Node.js: validates rendered objects against the
 * Kubernetes API schemas (kubernetes-models) and the Prometheus Operator objects against their
 * required fields, offline. The script is copied into the build directory beside a link to the
 * installed node_modules, where Node's module resolution finds the packages.
 */
final class ManifestValidator {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern SUMMARY = Pattern.compile("(?m)^validated (\\d+) objects, (\\d+) invalid$");

  /** What the validator said: a line per object and the counts. */
  record Report(int objects, int invalid, Exec.Result result) {
  }

  private final Path script;

  private ManifestValidator(Path script) {
    this.script = script;
  }

  /** The validator with the installed node packages; ends the test (fails under CI) if they are missing. */
  static ManifestValidator installed() {
    Path modules = DeployEnvironment.nodeModules();
    Path dir = DeployEnvironment.workDir("manifest-validator");
    try {
      Path script = dir.resolve("validate-manifests.mjs");
      Files.copy(DeployEnvironment.repo().resolve("deploy-tests/src/test/node/validate-manifests.mjs"), script,
          StandardCopyOption.REPLACE_EXISTING);
      Path link = dir.resolve("node_modules");
      if (Files.isSymbolicLink(link) || Files.exists(link)) {
        Files.delete(link);
      }
      Files.createSymbolicLink(link, modules);
      return new ManifestValidator(script);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the manifest validator in " + dir, e);
    }
  }

  Report validate(String yaml) {
    Exec.Result result = Exec.run(TIMEOUT, script.getParent(), Map.of(), yaml,
        List.of("node", script.toString()));
    Matcher m = SUMMARY.matcher(result.stdout());
    if (!m.find()) {
      throw new AssertionError("the validator printed no summary: " + result.describe());
    }
    return new Report(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), result);
  }

  /** Validates and fails with the validator's findings unless every object is valid. */
  Report requireValid(Manifests manifests) {
    Report report = validate(manifests.yaml());
    if (!report.result().ok() || report.invalid() != 0) {
      throw new AssertionError("rendered objects fail validation:" + System.lineSeparator() + report.result().describe());
    }
    if (report.objects() != manifests.all().size()) {
      throw new AssertionError("the validator saw " + report.objects() + " objects, helm rendered "
          + manifests.all().size() + ": " + report.result().describe());
    }
    return report;
  }
}
