package dev.criexporter.testsupport.containerd;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The files and settings of one private containerd, all under its work directory, and the
 * {@code config.toml} (version 2) that points containerd at them.
 *
 * <p>Nothing system-wide is configured: root, state, runc state, CNI and opt directories and the
 * gRPC socket live under the work directory, the ttrpc socket is disabled and the metrics and
 * streaming servers listen on loopback only. The settings the CRI plugin needs on these
 * machines are fixed here: {@code restrict_oom_score_adj} (root lacks CAP_SYS_RESOURCE, and the
 * sandbox's -998 OOM score otherwise makes runc fail), no AppArmor, the cgroupfs driver.
 */
record ContainerdConfig(Path workDir, int metricsPort, String sandboxImage, int statsCollectPeriodSeconds) {

  /** Linux limits a Unix socket path to 107 bytes plus a terminating NUL. */
  static final int MAX_SOCKET_PATH_BYTES = 107;

  ContainerdConfig {
    workDir = workDir.toAbsolutePath().normalize();
    if (metricsPort < 1 || metricsPort > 65535) {
      throw new IllegalArgumentException("metrics port out of range: " + metricsPort);
    }
    if (statsCollectPeriodSeconds < 1) {
      throw new IllegalArgumentException("stats collect period must be at least 1 s, got " + statsCollectPeriodSeconds);
    }
    int socketBytes = workDir.resolve("containerd.sock").toString().getBytes(StandardCharsets.UTF_8).length;
    if (socketBytes > MAX_SOCKET_PATH_BYTES) {
      throw new IllegalArgumentException("work directory " + workDir + " is too deep: the socket path would be "
          + socketBytes + " bytes, more than the " + MAX_SOCKET_PATH_BYTES + " a Unix socket allows");
    }
  }

  Path configFile() {
    return workDir.resolve("config.toml");
  }

  Path socket() {
    return workDir.resolve("containerd.sock");
  }

  Path root() {
    return workDir.resolve("root");
  }

  Path state() {
    return workDir.resolve("state");
  }

  Path runcRoot() {
    return workDir.resolve("runc");
  }

  Path cniBinDir() {
    return workDir.resolve("cni/bin");
  }

  Path cniConfDir() {
    return workDir.resolve("cni/conf");
  }

  Path optDir() {
    return workDir.resolve("opt");
  }

  Path logFile() {
    return workDir.resolve("containerd.log");
  }

  Path imageArchive() {
    return workDir.resolve("image.tar");
  }

  /** Where {@link TestPods} keeps container logs, like kubelet's {@code /var/log/pods}. */
  Path podLogDir() {
    return workDir.resolve("pod-logs");
  }

  String render() {
    String cri = "[plugins.\"io.containerd.grpc.v1.cri\"]";
    String criPrefix = "plugins.\"io.containerd.grpc.v1.cri\"";
    return String.join("\n",
        "# Written by cri-exporter test-support for a private containerd; nothing here is system-wide.",
        "version = 2",
        "root = " + quote(root()),
        "state = " + quote(state()),
        "",
        "[grpc]",
        "  address = " + quote(socket()),
        "",
        "[ttrpc]",
        "  address = \"\"",
        "",
        "[metrics]",
        "  address = " + quote("127.0.0.1:" + metricsPort),
        "",
        "[plugins]",
        "  " + cri,
        "    sandbox_image = " + quote(sandboxImage),
        "    restrict_oom_score_adj = true",
        "    disable_apparmor = true",
        "    systemd_cgroup = false",
        "    disable_tcp_service = true",
        "    stream_server_address = \"127.0.0.1\"",
        "    stream_server_port = \"0\"",
        "    stats_collect_period = " + statsCollectPeriodSeconds,
        "    [" + criPrefix + ".cni]",
        "      bin_dir = " + quote(cniBinDir()),
        "      conf_dir = " + quote(cniConfDir()),
        "    [" + criPrefix + ".containerd]",
        "      snapshotter = \"overlayfs\"",
        "      default_runtime_name = \"runc\"",
        "      [" + criPrefix + ".containerd.runtimes.runc]",
        "        runtime_type = \"io.containerd.runc.v2\"",
        "        [" + criPrefix + ".containerd.runtimes.runc.options]",
        "          SystemdCgroup = false",
        "          Root = " + quote(runcRoot()),
        "  [plugins.\"io.containerd.internal.v1.opt\"]",
        "    path = " + quote(optDir()),
        "");
  }

  private static String quote(Path path) {
    return quote(path.toString());
  }

  /** A TOML basic string. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
