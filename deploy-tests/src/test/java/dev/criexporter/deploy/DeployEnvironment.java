package dev.criexporter.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the repository, the chart, the exporter jar and the tools are, and what a test does when
 * something it needs is missing: on a CI machine ({@code CI=true}) it fails, since a missing tool
 * there is a broken build; elsewhere it is skipped, naming the command that installs it.
 */
final class DeployEnvironment {

  static final String INSTALL_TOOLS = "scripts/install-deploy-tools.sh";
  static final String INSTALL_BUILDAH = "apt-get install -y buildah";
  static final String INSTALL_PROMETHEUS = "apt-get install -y prometheus";
  static final String BUILD_JAR = "mvn -B -q -pl exporter -am package -DskipTests";

  private static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private DeployEnvironment() {
  }

  /** The repository's root (set by the build; the parent of the module directory otherwise). */
  static Path repo() {
    String configured = System.getProperty("cri-exporter.repo");
    Path repo = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
    return repo.toAbsolutePath().normalize();
  }

  /** The chart's directory, helm/cri-exporter. */
  static Path chart() {
    return repo().resolve("helm/cri-exporter");
  }

  /** A directory of this module's build output for {@code name}, created if needed. */
  static Path workDir(String name) {
    String configured = System.getProperty("cri-exporter.work");
    Path base = configured != null ? Path.of(configured) : repo().resolve("deploy-tests/target/deploy-tests");
    Path dir = base.resolve(name).toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    return dir;
  }

  /** The exporter's shaded jar, built by the exporter module. */
  static Path exporterJar() {
    String configured = System.getProperty("cri-exporter.jar");
    Path jar = configured != null ? Path.of(configured)
        : repo().resolve("exporter/target/cri-exporter.jar");
    require(Files.isRegularFile(jar), "no exporter jar at " + jar.normalize(), BUILD_JAR);
    return jar.toAbsolutePath().normalize();
  }

  /** Where scripts/install-deploy-tools.sh puts its tools. */
  static Path toolsDir() {
    String configured = System.getenv("CRI_EXPORTER_TOOLS_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "cri-exporter-tools");
  }

  static Path helm() {
    Path helm = toolsDir().resolve("helm/helm");
    require(Files.isExecutable(helm), "helm is not installed at " + helm, INSTALL_TOOLS);
    return helm;
  }

  /** The node_modules directory holding kubernetes-models, with {@code node} on the PATH. */
  static Path nodeModules() {
    Path modules = toolsDir().resolve("node/node_modules");
    require(Files.isDirectory(modules.resolve("kubernetes-models")),
        "the manifest validator's node packages are not installed in " + modules, INSTALL_TOOLS);
    executable("node", "Node.js (node) is not on the PATH", INSTALL_TOOLS);
    return modules;
  }

  static Path buildah() {
    return executable("buildah", "buildah is not installed", INSTALL_BUILDAH);
  }

  static Path promtool() {
    return executable("promtool", "promtool is not installed", INSTALL_PROMETHEUS);
  }

  /** Requires root, naming what needs it. */
  static void requireRoot(String why) {
    require("root".equals(System.getProperty("user.name")) || uid() == 0,
        "not running as root, which " + why + " needs", "run the build as root");
  }

  /** Finds {@code name} on the PATH (plus the system directories), or ends the test. */
  static Path executable(String name, String problem, String remedy) {
    Optional<Path> found = findExecutable(name);
    require(found.isPresent(), problem, remedy);
    return found.orElseThrow();
  }

  static Optional<Path> findExecutable(String name) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + File.pathSeparator + SYSTEM_PATH;
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static boolean isCi() {
    return "true".equalsIgnoreCase(Optional.ofNullable(System.getenv("CI")).orElse("").strip());
  }

  /**
   * Ends the test when {@code ok} is false: fails it under {@code CI=true}, skips it otherwise;
   * the message names the problem and the remedy.
   */
  static void require(boolean ok, String problem, String remedy) {
    require(ok, problem, remedy, isCi());
  }

  static void require(boolean ok, String problem, String remedy, boolean ci) {
    if (ok) {
      return;
    }
    String message = problem + "; to fix: " + remedy;
    if (ci) {
      throw new AssertionError(message + " (CI=true: a CI machine must provide it, so this fails instead of skipping)");
    }
    Assumptions.abort(message);
  }

  private static long uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
