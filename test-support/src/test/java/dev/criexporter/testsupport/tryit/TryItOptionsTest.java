package dev.criexporter.testsupport.tryit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TryItOptionsTest {

  static final Path CWD = Path.of("/work/checkout");

  static TryItOptions parse(String... args) {
    return TryItOptions.parse(args, CWD);
  }

  @Test
  void defaultsPointIntoTheCheckoutAndAtTheUsualPorts() {
    TryItOptions options = parse();
    assertThat(options.down()).isFalse();
    assertThat(options.help()).isFalse();
    assertThat(options.stateDir()).isEqualTo(Path.of("/tmp/cri-exporter-try-it"));
    assertThat(options.defaultStateDir()).isTrue();
    assertThat(options.exporterJar()).isEqualTo(Path.of("/work/checkout/exporter/target/cri-exporter.jar"));
    assertThat(options.rulesFile()).isEqualTo(Path.of("/work/checkout/alerts/cri-exporter.rules.yaml"));
    assertThat(options.exporterPort()).isEqualTo(9758);
    assertThat(options.prometheusPort()).isEqualTo(9090);
    assertThat(options.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.restartEvery()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void everyFlagIsTakenAndRelativePathsResolveAgainstTheWorkingDirectory() {
    TryItOptions options = parse("--down", "--state-dir=run/state", "--project-dir=/src/cri-exporter",
        "--exporter-port=19758", "--prometheus-port=19090", "--poll-interval=1500ms", "--restart-every=1m");
    assertThat(options.down()).isTrue();
    assertThat(options.stateDir()).isEqualTo(Path.of("/work/checkout/run/state"));
    assertThat(options.defaultStateDir()).isFalse();
    assertThat(options.exporterJar()).isEqualTo(Path.of("/src/cri-exporter/exporter/target/cri-exporter.jar"));
    assertThat(options.rulesFile()).isEqualTo(Path.of("/src/cri-exporter/alerts/cri-exporter.rules.yaml"));
    assertThat(options.exporterPort()).isEqualTo(19758);
    assertThat(options.prometheusPort()).isEqualTo(19090);
    assertThat(options.pollInterval()).isEqualTo(Duration.ofMillis(1500));
    assertThat(options.restartEvery()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void anExplicitJarOrRulesFileBeatsTheProjectDirectory() {
    TryItOptions options = parse("--project-dir=/p", "--exporter-jar=/jars/e.jar", "--rules=my.rules.yaml");
    assertThat(options.exporterJar()).isEqualTo(Path.of("/jars/e.jar"));
    assertThat(options.rulesFile()).isEqualTo(Path.of("/work/checkout/my.rules.yaml"));
  }

  @Test
  void badValuesNameTheFlag() {
    assertThatThrownBy(() -> parse("--exporter-port=0")).hasMessageContaining("--exporter-port");
    assertThatThrownBy(() -> parse("--prometheus-port=http")).hasMessageContaining("--prometheus-port");
    assertThatThrownBy(() -> parse("--poll-interval=5")).hasMessageContaining("--poll-interval");
    assertThatThrownBy(() -> parse("--poll-interval=100ms")).hasMessageContaining("at least 500ms");
    assertThatThrownBy(() -> parse("--restart-every=1500ms")).hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> parse("--state-dir=")).hasMessageContaining("--state-dir needs a value");
    assertThatThrownBy(() -> parse("--down=yes")).hasMessageContaining("--down takes no value");
    assertThatThrownBy(() -> parse("--ports=1")).hasMessageContaining("unknown option --ports");
  }

  @Test
  void theStateDirectoryCannotBeTheRootOrATopLevelDirectory() {
    // it is deleted on the way down
    assertThatThrownBy(() -> parse("--state-dir=/")).hasMessageContaining("directory of its own");
    assertThatThrownBy(() -> parse("--state-dir=/tmp")).hasMessageContaining("directory of its own");
  }

  @Test
  void durationsAreWrittenTheWayTheFlagsTakeThem() {
    assertThat(TryItOptions.format(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(TryItOptions.format(Duration.ofMillis(2500))).isEqualTo("2500ms");
  }

  @Test
  void usageListsEveryFlag() {
    for (String flag : new String[] {"--down", "--state-dir", "--project-dir", "--exporter-jar", "--rules",
        "--exporter-port", "--prometheus-port", "--poll-interval", "--restart-every", "--help"}) {
      assertThat(TryItOptions.USAGE).contains("  " + flag);
    }
  }
}
