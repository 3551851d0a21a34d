package dev.criexporter.deploy.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the shipped dashboards, alert rules and the metric reference live in the repository. */
public final class RepoFiles {

  private RepoFiles() {
  }

  /** The repository's root: system property {@code cri-exporter.repo} (set by the build), else the module's parent. */
  public static Path repo() {
    String configured = System.getProperty("cri-exporter.repo");
    Path repo = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
    return repo.toAbsolutePath().normalize();
  }

  public static Path dashboardsDir() {
    return repo().resolve("dashboards");
  }

  /** The dashboard JSON files, sorted by name. */
  public static List<Path> dashboardFiles() {
    try (Stream<Path> files = Files.list(dashboardsDir())) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dashboardsDir(), e);
    }
  }

  public static Path alertsDir() {
    return repo().resolve("alerts");
  }

  public static Path ruleFile() {
    return alertsDir().resolve("cri-exporter.rules.yaml");
  }

  /** The promtool unit-test files under alerts/tests, sorted by name. */
  public static List<Path> ruleTestFiles() {
    try (Stream<Path> files = Files.list(alertsDir().resolve("tests"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + alertsDir().resolve("tests"), e);
    }
  }

  /** docs/metrics.md, the metric reference generated from the code. */
  public static Path metricsDoc() {
    return repo().resolve("docs/metrics.md");
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
