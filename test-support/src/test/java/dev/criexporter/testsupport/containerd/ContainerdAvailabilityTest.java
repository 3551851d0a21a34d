package dev.criexporter.testsupport.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class ContainerdAvailabilityTest {

  private static final Path MISSING_CONTAINERD = Path.of("/nonexistent/bin/containerd");

  @TempDir
  Path tempDir;

  @Test
  void underCiAMissingContainerdFailsTheTest() {
    PrivateContainerd.Builder builder = PrivateContainerd.builder(tempDir.resolve("w"))
        .containerdBinary(MISSING_CONTAINERD)
        .environment(Map.of("CI", "true", "PATH", "/usr/bin:/bin"));

    assertThatThrownBy(builder::startOrAbort)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(MISSING_CONTAINERD.toString())
        .hasMessageContaining(ContainerdAvailability.INSTALL_COMMAND)
        .hasMessageContaining("CI=true");
  }

  @Test
  void elsewhereAMissingContainerdSkipsTheTest() {
    PrivateContainerd.Builder builder = PrivateContainerd.builder(tempDir.resolve("w"))
        .containerdBinary(MISSING_CONTAINERD)
        .environment(Map.of("PATH", "/usr/bin:/bin"));

    assertThatThrownBy(builder::startOrAbort)
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining(MISSING_CONTAINERD.toString())
        .hasMessageContaining(ContainerdAvailability.INSTALL_COMMAND);
  }

  @Test
  void startReportsTheMissingBinaryAndCreatesNothing() {
    Path workDir = tempDir.resolve("w");

    assertThatThrownBy(() -> PrivateContainerd.builder(workDir).containerdBinary(MISSING_CONTAINERD).start())
        .isInstanceOf(ContainerdStartException.class)
        .hasMessageContaining(MISSING_CONTAINERD + " not found");
    assertThat(workDir).doesNotExist();
  }

  @Test
  void listsEveryMissingPrerequisite() {
    var missing = ContainerdAvailability.missingPrerequisites(MISSING_CONTAINERD, Path.of("/nonexistent/ctr"),
        Path.of("/nonexistent/busybox"), tempDir.toString(), OptionalLong.of(1000));

    assertThat(missing).hasSize(6);
    assertThat(String.join("\n", missing))
        .contains("not running as root (effective uid 1000)")
        .contains("/nonexistent/ctr")
        .contains("/nonexistent/busybox")
        .contains("runc not found on PATH")
        .contains("containerd-shim-runc-v2 not found on PATH");
  }

  @Test
  void readsTheEffectiveUid() {
    String status = "Name:\tjava\nUmask:\t0022\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n";

    assertThat(ContainerdAvailability.effectiveUidOf(status)).hasValue(0);
    assertThat(ContainerdAvailability.effectiveUidOf("Name:\tjava\n")).isEmpty();
  }

  @Test
  void searchPathKeepsTheInheritedOrderAndAddsSystemDirectories() {
    assertThat(ContainerdAvailability.searchPath("/opt/bin:/usr/bin"))
        .isEqualTo("/opt/bin:/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin:/bin");
    assertThat(ContainerdAvailability.searchPath(null)).isEqualTo(ContainerdAvailability.SYSTEM_PATH);
  }

  @Test
  void findsExecutablesOnThePath() throws Exception {
    Path bin = Files.createDirectories(tempDir.resolve("bin"));
    Path tool = Files.writeString(bin.resolve("tool"), "#!/bin/sh\n");
    Files.writeString(bin.resolve("data"), "not executable");
    assertThat(tool.toFile().setExecutable(true)).isTrue();

    assertThat(ContainerdAvailability.findOnPath("tool", "/nonexistent:" + bin)).contains(tool);
    assertThat(ContainerdAvailability.findOnPath("data", bin.toString())).isEmpty();
  }

  @Test
  void ciMeansCiEqualsTrue() {
    assertThat(ContainerdAvailability.isCi(Map.of("CI", "true"))).isTrue();
    assertThat(ContainerdAvailability.isCi(Map.of("CI", "TRUE"))).isTrue();
    assertThat(ContainerdAvailability.isCi(Map.of("CI", "false"))).isFalse();
    assertThat(ContainerdAvailability.isCi(Map.of())).isFalse();
  }

  @Test
  void refusesAWorkDirectoryInUse() throws Exception {
    Path workDir = Files.createDirectories(tempDir.resolve("used"));
    Files.writeString(workDir.resolve("something"), "x");

    assertThatThrownBy(() -> WorkDirectory.prepare(workDir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not empty");
    assertThat(workDir.resolve("something")).exists();
  }

  @Test
  void createsAMissingWorkDirectory() {
    Path workDir = tempDir.resolve("a/b");

    assertThat(WorkDirectory.prepare(workDir)).isDirectory().isEqualTo(workDir);
  }
}
