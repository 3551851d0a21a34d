package dev.criexporter.testsupport.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShimProcessesTest {

  private static final String SOCKET = "/tmp/w/containerd.sock";

  @Test
  void recognisesAShimOfThisInstance() {
    assertThat(ShimProcesses.isShimOf(List.of("/usr/bin/containerd-shim-runc-v2", "-namespace", "k8s.io",
        "-id", "abc", "-address", SOCKET), SOCKET)).isTrue();
  }

  @Test
  void ignoresShimsOfOtherInstancesAndOtherProcesses() {
    assertThat(ShimProcesses.isShimOf(List.of("/usr/bin/containerd-shim-runc-v2", "-namespace", "k8s.io",
        "-id", "abc", "-address", "/run/containerd/containerd.sock"), SOCKET)).isFalse();
    assertThat(ShimProcesses.isShimOf(List.of("/usr/bin/containerd", "--config", "/tmp/w/config.toml",
        "-address", SOCKET), SOCKET)).isFalse();
    assertThat(ShimProcesses.isShimOf(List.of("/usr/bin/containerd-shim-runc-v2", "-address"), SOCKET)).isFalse();
    assertThat(ShimProcesses.isShimOf(List.of(), SOCKET)).isFalse();
  }

  @Test
  void findsNoShimForASocketNobodyUses() {
    assertThat(ShimProcesses.of(Path.of("/nonexistent/containerd.sock"))).isEmpty();
  }

  @Test
  void killsAProcessTree() throws Exception {
    Process parent = new ProcessBuilder("sh", "-c", "sleep 600 & sleep 600; wait").start();
    try {
      waitForChildren(parent.toHandle(), 2);
      List<ProcessHandle> tree = parent.toHandle().descendants().toList();

      List<ProcessHandle> survivors = ShimProcesses.killAll(List.of(parent.toHandle()), Duration.ofSeconds(5));

      assertThat(survivors).isEmpty();
      assertThat(tree).allSatisfy(p -> assertThat(ShimProcesses.isGone(p)).isTrue());
    } finally {
      parent.destroyForcibly();
    }
  }

  private static void waitForChildren(ProcessHandle parent, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (parent.children().count() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(parent.children().count()).isEqualTo(count);
  }
}
