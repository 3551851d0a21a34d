package dev.criexporter.deploy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing tool fails the build on CI and skips the test elsewhere, naming the fix either way. */
class DeployEnvironmentTest {

  @Test
  void aMissingToolFailsOnCi() {
    assertThatThrownBy(() -> DeployEnvironment.require(false, "helm is not installed at /x", "scripts/install-deploy-tools.sh", true))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("helm is not installed at /x")
        .hasMessageContaining("to fix: scripts/install-deploy-tools.sh")
        .hasMessageContaining("CI=true");
  }

  @Test
  void aMissingToolSkipsElsewhere() {
    assertThatThrownBy(() -> DeployEnvironment.require(false, "buildah is not installed", "apt-get install -y buildah", false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("buildah is not installed; to fix: apt-get install -y buildah");
  }

  @Test
  void aPresentToolPasses() {
    assertThatCode(() -> DeployEnvironment.require(true, "unused", "unused", true)).doesNotThrowAnyException();
    assertThatCode(() -> DeployEnvironment.require(true, "unused", "unused", false)).doesNotThrowAnyException();
  }
}
