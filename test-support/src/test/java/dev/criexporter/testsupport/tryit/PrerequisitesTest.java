package dev.criexporter.testsupport.tryit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrerequisitesTest {

  @TempDir
  Path project;

  TryItOptions options() {
    return TryItOptions.parse(new String[0], project);
  }

  @Test
  void notLinuxIsTheOnlyThingSaid() {
    assertThat(Prerequisites.check(options(), OptionalLong.of(0), "Mac OS X", "/usr/bin"))
        .singleElement().satisfies(m -> {
          assertThat(m.what()).contains("not Linux");
          assertThat(m.fix()).contains("--demo=true");
        });
  }

  @Test
  void notRootSaysWhyRootIsNeeded() {
    assertThat(Prerequisites.check(options(), OptionalLong.of(1000), "Linux", "/usr/bin"))
        .anySatisfy(m -> {
          assertThat(m.what()).contains("not running as root (uid 1000)", "cgroups");
          assertThat(m.fix()).contains("sudo scripts/try-it.sh");
        });
  }

  @Test
  void aMissingJarOrRulesFileNamesThePathAndTheFix() {
    assertThat(Prerequisites.check(options(), OptionalLong.of(0), "Linux", "/usr/bin"))
        .anySatisfy(m -> {
          assertThat(m.what()).contains("no exporter jar at " + project.resolve("exporter/target/cri-exporter.jar"));
          assertThat(m.fix()).contains("mvn -B -q package -DskipTests");
        })
        .anySatisfy(m -> assertThat(m.what()).contains("no alert rules at "));
  }

  @Test
  void withJarAndRulesInPlaceOnlyTheMachineMatters() throws Exception {
    Files.createDirectories(project.resolve("exporter/target"));
    Files.writeString(project.resolve("exporter/target/cri-exporter.jar"), "");
    Files.createDirectories(project.resolve("alerts"));
    Files.writeString(project.resolve("alerts/cri-exporter.rules.yaml"), "groups: []\n");

    assertThat(Prerequisites.check(options(), OptionalLong.of(0), "Linux", "/usr/bin"))
        .allSatisfy(m -> assertThat(m.what()).startsWith("missing: "));
  }

  @Test
  void toolsAreFoundOnThePathAndInTheSystemDirectories(@TempDir Path bin) throws Exception {
    Path tool = Files.writeString(bin.resolve("some-tool"), "#!/bin/sh\n");
    assertThat(Prerequisites.find("some-tool", Prerequisites.searchPath(bin.toString()))).isEmpty();

    tool.toFile().setExecutable(true);
    assertThat(Prerequisites.find("some-tool", Prerequisites.searchPath(bin.toString()))).contains(tool);
    assertThat(Prerequisites.find("sh", Prerequisites.searchPath(null))).isPresent();
  }
}
