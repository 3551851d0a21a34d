package dev.criexporter.testsupport.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ContainerdConfigTest {

  private final ContainerdConfig config =
      new ContainerdConfig(Path.of("/tmp/work"), 43210, "docker.io/library/x:1", 3);

  @Test
  void everythingLivesUnderTheWorkDirectory() {
    String toml = config.render();

    assertThat(toml).startsWith("# ").contains("\nversion = 2\n")
        .contains("root = \"/tmp/work/root\"")
        .contains("state = \"/tmp/work/state\"")
        .contains("[grpc]\n  address = \"/tmp/work/containerd.sock\"")
        .contains("[ttrpc]\n  address = \"\"")
        .contains("[metrics]\n  address = \"127.0.0.1:43210\"")
        .contains("bin_dir = \"/tmp/work/cni/bin\"")
        .contains("conf_dir = \"/tmp/work/cni/conf\"")
        .contains("Root = \"/tmp/work/runc\"")
        .contains("[plugins.\"io.containerd.internal.v1.opt\"]\n    path = \"/tmp/work/opt\"");
  }

  @Test
  void criPluginIsSetUpForThisKindOfMachine() {
    assertThat(config.render())
        .contains("sandbox_image = \"docker.io/library/x:1\"")
        .contains("restrict_oom_score_adj = true")
        .contains("disable_apparmor = true")
        .contains("systemd_cgroup = false")
        .contains("disable_tcp_service = true")
        .contains("stream_server_address = \"127.0.0.1\"")
        .contains("stream_server_port = \"0\"")
        .contains("stats_collect_period = 3")
        .contains("snapshotter = \"overlayfs\"")
        .contains("runtime_type = \"io.containerd.runc.v2\"")
        .contains("SystemdCgroup = false");
  }

  @Test
  void quotesTomlStrings() {
    assertThat(ContainerdConfig.quote("a \"b\" \\c")).isEqualTo("\"a \\\"b\\\" \\\\c\"");
    assertThat(ContainerdConfig.quote("tab\there")).isEqualTo("\"tab\\u0009here\"");
  }

  @Test
  void refusesAWorkDirectoryTooDeepForASocket() {
    Path deep = Path.of("/tmp", "d".repeat(100));

    assertThatThrownBy(() -> new ContainerdConfig(deep, 1234, "x", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too deep");
  }

  @Test
  void refusesAStatsPeriodBelowOneSecond() {
    assertThatThrownBy(() -> new ContainerdConfig(Path.of("/tmp/w"), 1234, "x", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
