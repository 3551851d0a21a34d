package dev.criexporter.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.exporter.metrics.LabelScheme;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  /** Parses args and returns the validated config, or the error text. */
  private static Object parse(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    try {
      cl.parseArgs(args);
      return ((Main) cl.getCommand()).config();
    } catch (CommandLine.ParameterException e) {
      return e.getMessage();
    }
  }

  @Test
  void defaults() {
    ExporterConfig c = (ExporterConfig) parse();
    assertThat(c.listen().getPort()).isEqualTo(9758);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.criTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.metricsPath()).isEqualTo("/metrics");
    assertThat(c.labelMode()).isEqualTo(LabelScheme.Mode.CADVISOR);
    assertThat(c.cgroupRoot().toString()).isEqualTo("/sys/fs/cgroup");
    assertThat(c.criMaxMessageBytes()).isEqualTo(64 * 1024 * 1024);
  }

  @Test
  void acceptsGoodValues() {
    ExporterConfig c = (ExporterConfig) parse("--web.listen-address=127.0.0.1:0",
        "--poll.interval=1m30s", "--cri.timeout=500ms", "--path.hostroot=/host",
        "--labels.mode=lean", "--labels.pod-allowlist=app, team", "--no-collector.memory",
        "--cri.max-message-size=16MiB", "--cri.endpoint=unix:///run/x.sock");
    assertThat(c.listen().getHostString()).isEqualTo("127.0.0.1");
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.criTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.cgroupRoot().toString()).isEqualTo("/host/sys/fs/cgroup");
    assertThat(c.podLabels()).containsExactly("app", "team");
    assertThat(c.disableCollectors()).containsExactly("memory");
    assertThat(c.criMaxMessageBytes()).isEqualTo(16 * 1024 * 1024);
    assertThat(c.criEndpoint()).contains("unix:///run/x.sock");
  }

  @Test
  void demoAutoRunsTheSimulationOnlyWithoutARuntime(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path host) throws Exception {
    ExporterConfig none = ExporterConfig.builder().hostRoot(host).build();
    assertThat(Main.useDemo("auto", none)).isTrue();
    assertThat(Main.useDemo("false", none)).isFalse();
    assertThat(Main.useDemo("true", none)).isTrue();
    java.nio.file.Path sock = host.resolve("run/containerd/containerd.sock");
    java.nio.file.Files.createDirectories(sock.getParent());
    try (var ch = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      ch.bind(java.net.UnixDomainSocketAddress.of(sock));
      assertThat(Main.useDemo("auto", none)).isFalse();
    }
    assertThat(Main.useDemo("auto", ExporterConfig.builder().hostRoot(host)
        .criEndpoint("unix:///somewhere/else.sock").build())).isFalse();
  }

  @Test
  void aShortIntervalShortensTheDefaultTimeout() {
    ExporterConfig c = (ExporterConfig) parse("--poll.interval=1s");
    assertThat(c.criTimeout()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void badValuesNameTheFlag() {
    assertThat(parse("--poll.interval=ten")).asString().contains("--poll.interval", "ten");
    assertThat(parse("--poll.interval=0s")).asString().contains("--poll.interval");
    assertThat(parse("--poll.interval=50ms")).asString().contains("--poll.interval");
    assertThat(parse("--cri.timeout=20s")).asString().contains("--cri.timeout", "--poll.interval");
    assertThat(parse("--web.listen-address=localhost")).asString().contains("--web.listen-address");
    assertThat(parse("--web.listen-address=:70000")).asString().contains("out of range");
    assertThat(parse("--labels.mode=fat")).asString().contains("--labels.mode", "cadvisor, lean");
    assertThat(parse("--log.format=xml")).asString().contains("--log.format");
    assertThat(parse("--cri.max-message-size=lots")).asString().contains("--cri.max-message-size");
    assertThat(parse("--cri.max-message-size=1KiB")).asString().contains("at least 1MiB");
    assertThat(parse("--web.telemetry-path=/healthz")).asString().contains("--web.telemetry-path");
    assertThat(parse("--path.hostroot=relative")).asString().contains("--path.hostroot");
    assertThat(parse("--no-collector.runtime")).asString().contains("cannot be disabled");
    assertThat(parse("--collector.cpu", "--no-collector.cpu")).asString().contains("contradict");
    assertThat(parse("--no-such-flag")).asString().contains("--no-such-flag");
    assertThat(parse("--demo=sometimes")).asString().contains("--demo", "auto");
    assertThat(parse("--crosscheck.memory-tolerance-ratio=NaN")).asString()
        .contains("--crosscheck");
    assertThat(parse("--crosscheck.memory-tolerance-ratio=Infinity")).asString()
        .contains("--crosscheck");
    assertThat(parse("--path.cgroup-mode=v3")).asString().contains("--path.cgroup-mode");
  }

  @Test
  void badValueExitsNonZeroWithTheFlagInTheMessage() {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("--poll.interval=soon");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--poll.interval").contains("soon");
  }

  @Test
  void argumentsStartingWithAnAtSignAreNotReadAsFiles() {
    for (String arg : new String[] {"@.", "@/etc/hostname", "@"}) {
      assertThat(parse(arg)).asString().contains("Unmatched argument").contains(arg);
      CommandLine cl = Main.commandLine();
      StringWriter err = new StringWriter();
      cl.setErr(new PrintWriter(err));
      assertThat(cl.execute(arg)).isEqualTo(2);
      assertThat(err.toString()).contains(arg).doesNotContain("Exception");
    }
  }

  @Test
  void durations() {
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("1m5s")).isEqualTo(Duration.ofSeconds(65));
    for (String bad : new String[] {"", "s", "10", "10x", "-5s", "1.5s", "99999999999999999999s"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Durations.parse(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
