package dev.criexporter.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsDocTest {
  static final Path DOC = Path.of("..", "docs", "metrics.md");

  @Test
  void docsMetricsMdIsCurrent() throws Exception {
    String expected = MetricsDoc.render();
    if (Boolean.getBoolean("cri-exporter.regenerate")) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
    }
    assertThat(DOC).as("docs/metrics.md; regenerate with -Dcri-exporter.regenerate=true")
        .exists();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("docs/metrics.md is out of date; regenerate with -Dcri-exporter.regenerate=true")
        .isEqualTo(expected);
  }

  @Test
  void familyNamesAreUniqueAcrossCollectors() {
    Set<String> seen = new HashSet<>();
    for (Collector c : Collectors.all()) {
      for (FamilyDef f : c.families()) {
        assertThat(seen.add(f.name())).as("duplicate family " + f.name()).isTrue();
        assertThat(f.name()).matches("[a-z_][a-z0-9_]*");
      }
    }
  }
}
