package dev.criexporter.testsupport.tryit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunProcessesTest {

  static final Path RUN = Path.of("/tmp/cri-exporter-try-it");

  @Test
  void theProcessesOfARunAreKnownByTheFilesTheyName() {
    assertThat(RunProcesses.classify(List.of("/usr/bin/containerd", "--config",
        "/tmp/cri-exporter-try-it/containerd/config.toml"), RUN)).contains(RunProcesses.Kind.CONTAINERD);
    assertThat(RunProcesses.classify(List.of("/usr/bin/containerd-shim-runc-v2", "-namespace", "k8s.io", "-id", "abc",
        "-address", "/tmp/cri-exporter-try-it/containerd/containerd.sock"), RUN)).contains(RunProcesses.Kind.SHIM);
    assertThat(RunProcesses.classify(List.of("/usr/bin/prometheus",
        "--config.file=/tmp/cri-exporter-try-it/prometheus/prometheus.yml"), RUN))
        .contains(RunProcesses.Kind.PROMETHEUS);
    assertThat(RunProcesses.classify(List.of("/usr/lib/jvm/java-17/bin/java", "-XX:+UseSerialGC", "-jar",
        "exporter/target/cri-exporter.jar", "--cri.endpoint=unix:///tmp/cri-exporter-try-it/containerd/containerd.sock",
        "--web.listen-address=127.0.0.1:9758"), RUN)).contains(RunProcesses.Kind.EXPORTER);
  }

  @Test
  void processesOfOtherRunsAndOtherProgramsAreNot() {
    // another state directory that merely starts with the same name
    assertThat(RunProcesses.classify(List.of("/usr/bin/containerd", "--config",
        "/tmp/cri-exporter-try-it-2/containerd/config.toml"), RUN)).isEmpty();
    // the system's containerd
    assertThat(RunProcesses.classify(List.of("/usr/bin/containerd"), RUN)).isEmpty();
    // try-it itself, and a shell that mentions the directory
    assertThat(RunProcesses.classify(List.of("java", "-cp", "x", "dev.criexporter.testsupport.tryit.TryIt",
        "--state-dir=/tmp/cri-exporter-try-it/"), RUN)).isEmpty();
    assertThat(RunProcesses.classify(List.of("bash", "-c", "ls /tmp/cri-exporter-try-it/containerd"), RUN)).isEmpty();
    assertThat(RunProcesses.classify(List.of(), RUN)).isEmpty();
  }

  @Test
  void findsNoProcessOfARunThatNeverStarted() {
    assertThat(RunProcesses.of(Path.of("/tmp/no-such-try-it-run-" + System.nanoTime()))).isEmpty();
  }

  @Test
  void stopEndsAProcessThatTakesSigterm() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "60").start();

    assertThat(RunProcesses.stop(sleeper.toHandle(), Duration.ofSeconds(5))).isTrue();
    assertThat(sleeper.isAlive()).isFalse();
  }

  @Test
  void stopKillsAProcessThatIgnoresSigterm() throws Exception {
    Process stubborn = new ProcessBuilder("/bin/sh", "-c", "trap '' TERM; echo ready; sleep 60 & wait").start();
    assertThat(stubborn.inputReader().readLine()).isEqualTo("ready");

    long started = System.nanoTime();
    assertThat(RunProcesses.stop(stubborn.toHandle(), Duration.ofMillis(300))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    stubborn.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
  }
}
