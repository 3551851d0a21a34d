package dev.criexporter.testsupport.tryit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class NodeRequirementsTest {

  static final TryItOptions OPTIONS = TryItOptions.parse(new String[0], Path.of("/checkout"));
  static final Prerequisites.Missing ROOT = new Prerequisites.Missing("not running as root (uid 1000)", "sudo");
  static final Prerequisites.Missing TOOLS = new Prerequisites.Missing("missing: prometheus", Prerequisites.INSTALL);
  static final Prerequisites.Missing JAR = new Prerequisites.Missing("no exporter jar at /checkout/x.jar", Prerequisites.BUILD);

  @Test
  void aMachineWithEverythingRunsTheTest() {
    assertThatCode(() -> NodeRequirements.decide(OPTIONS, List.of(), Map.of("CI", "true"))).doesNotThrowAnyException();
  }

  @Test
  void whatTheMachineLacksFailsUnderCiAndSkipsElsewhere() {
    assertThatThrownBy(() -> NodeRequirements.decide(OPTIONS, List.of(ROOT, TOOLS), Map.of("CI", "true")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not running as root").hasMessageContaining("missing: prometheus")
        .hasMessageContaining("CI=true");
    assertThatThrownBy(() -> NodeRequirements.decide(OPTIONS, List.of(TOOLS), Map.of()))
        .isInstanceOf(TestAbortedException.class).hasMessageContaining("apt-get install");
  }

  @Test
  void aMissingJarFailsUnderCiAndSkipsElsewhere() {
    assertThatThrownBy(() -> NodeRequirements.decide(OPTIONS, List.of(JAR), Map.of("CI", "true")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("no exporter jar");
    assertThatThrownBy(() -> NodeRequirements.decide(OPTIONS, List.of(JAR), Map.of()))
        .isInstanceOf(TestAbortedException.class).hasMessageContaining("no exporter jar");
  }
}
