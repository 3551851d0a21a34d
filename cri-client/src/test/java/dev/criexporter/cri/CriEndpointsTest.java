package dev.criexporter.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriEndpointsTest {

  @TempDir Path host;
  private final java.util.List<ServerSocketChannel> open = new java.util.ArrayList<>();

  @AfterEach
  void closeSockets() throws Exception {
    for (ServerSocketChannel c : open) {
      c.close();
    }
  }

  private Path socketAt(String relative) throws Exception {
    Path p = host.resolve(relative);
    Files.createDirectories(p.getParent());
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    ch.bind(UnixDomainSocketAddress.of(p));
    open.add(ch);
    return p;
  }

  @Test
  void explicitEndpointWinsOverEnvironmentAndProbing() throws Exception {
    socketAt("run/containerd/containerd.sock");
    CriEndpoints e = new CriEndpoints(host, Optional.of("unix:///custom/cri.sock"),
        Map.of(CriEndpoints.ENV_VAR, "unix:///from/env.sock"));
    assertThat(e.resolve()).contains(
        new CriEndpoints.Resolved(Path.of("/custom/cri.sock"), CriEndpoints.Source.FLAG));
  }

  @Test
  void environmentWinsOverProbing() throws Exception {
    socketAt("run/containerd/containerd.sock");
    CriEndpoints e = new CriEndpoints(host, Optional.empty(),
        Map.of(CriEndpoints.ENV_VAR, "/from/env.sock"));
    assertThat(e.resolve()).contains(
        new CriEndpoints.Resolved(Path.of("/from/env.sock"), CriEndpoints.Source.ENVIRONMENT));
  }

  @Test
  void blankFlagAndEnvironmentFallThroughToProbing() throws Exception {
    Path crio = socketAt("run/crio/crio.sock");
    CriEndpoints e = new CriEndpoints(host, Optional.of("  "), Map.of(CriEndpoints.ENV_VAR, ""));
    assertThat(e.resolve()).contains(new CriEndpoints.Resolved(crio, CriEndpoints.Source.PROBE));
  }

  @Test
  void probesInCrictlOrderUnderTheHostRoot() throws Exception {
    socketAt("var/run/cri-dockerd.sock");
    Path k3s = socketAt("run/k3s/containerd/containerd.sock");
    Path varCrio = socketAt("var/run/crio/crio.sock");
    CriEndpoints e = new CriEndpoints(host, Optional.empty(), Map.of());
    assertThat(e.resolve().orElseThrow().socket()).isEqualTo(varCrio);

    Path containerd = socketAt("run/containerd/containerd.sock");
    assertThat(e.resolve().orElseThrow().socket()).isEqualTo(containerd);
    assertThat(e.probeCandidates()).first().isEqualTo(containerd);
    assertThat(e.probeCandidates()).contains(k3s);
  }

  @Test
  void aRegularFileAtASocketPathIsNotAnEndpoint() throws Exception {
    Path fake = host.resolve("run/containerd/containerd.sock");
    Files.createDirectories(fake.getParent());
    Files.writeString(fake, "not a socket");
    CriEndpoints e = new CriEndpoints(host, Optional.empty(), Map.of());
    assertThat(e.resolve()).isEmpty();
    assertThat(CriEndpoints.isSocket(fake)).isFalse();
  }

  @Test
  void nothingFoundIsEmpty() {
    assertThat(new CriEndpoints(host, Optional.empty(), Map.of()).resolve()).isEmpty();
  }

  @Test
  void parsesUnixUrisAndBarePaths() {
    assertThat(CriEndpoints.parse("unix:///run/x.sock", "f")).isEqualTo(Path.of("/run/x.sock"));
    assertThat(CriEndpoints.parse("unix:/run/x.sock", "f")).isEqualTo(Path.of("/run/x.sock"));
    assertThat(CriEndpoints.parse("/run/x.sock", "f")).isEqualTo(Path.of("/run/x.sock"));
  }

  @Test
  void rejectsTcpAndRelativeEndpointsNamingTheSource() {
    assertThatThrownBy(() -> CriEndpoints.parse("tcp://127.0.0.1:1234", "--cri.endpoint"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cri.endpoint").hasMessageContaining("tcp://127.0.0.1:1234");
    assertThatThrownBy(() -> CriEndpoints.parse("unix://relative.sock", "X"))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> new CriEndpoints(host, Optional.empty(),
        Map.of(CriEndpoints.ENV_VAR, "npipe:////./pipe/x")).resolve())
        .hasMessageContaining(CriEndpoints.ENV_VAR);
  }
}
