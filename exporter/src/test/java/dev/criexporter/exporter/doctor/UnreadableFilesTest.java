package dev.criexporter.exporter.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever is missing or unreadable under the host root becomes "unknown" with the reason. */
class UnreadableFilesTest {

  static DoctorReport run(Path root) {
    FakeCri cri = new FakeCri();
    DoctorFixtureTest.webPod(true).accept(cri);
    return new Doctor(Fixtures.paths(root), Fixtures.CLOCK).runWithCrossCheck(cri);
  }

  @Test
  void anEmptyHostRootGivesUnknownsWithReasons(@TempDir Path root) {
    DoctorReport report = run(root);
    Set<CheckId> answeredByTheRuntime = EnumSet.of(CheckId.RUNTIME, CheckId.RUNTIME_CONDITIONS,
        CheckId.CRI_CONTAINER_STATS, CheckId.CRI_POD_SANDBOX_STATS,
        CheckId.CRI_METRIC_DESCRIPTORS);
    for (CheckResult r : report.results()) {
      Outcome expected = answeredByTheRuntime.contains(r.check()) ? Outcome.OK : Outcome.UNKNOWN;
      assertThat(r.outcome()).as(r.check().label() + ": " + r.evidence()).isEqualTo(expected);
      assertThat(r.evidence()).as(r.check().label()).isNotBlank()
          .doesNotContain("the check failed");
    }
    assertThat(report.result(CheckId.KERNEL).orElseThrow().evidence())
        .isEqualTo("/proc/sys/kernel/osrelease: missing");
    assertThat(report.result(CheckId.CGROUP_MODE).orElseThrow().evidence())
        .isEqualTo("/sys/fs/cgroup: not a directory");
    assertThat(report.result(CheckId.CGROUP_DRIVER).orElseThrow().value()).isEqualTo("systemd");
    assertThat(report.exitCode()).isEqualTo(1);
  }

  @Test
  void aDirectoryWhereAFileShouldBeIsReported(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("proc/sys/kernel/osrelease"));
    Files.createDirectories(root.resolve("proc/sys/net/ipv4/ip_forward"));
    Files.createDirectories(root.resolve("sys/fs/cgroup/cgroup.controllers"));
    DoctorReport report = run(root);
    assertThat(report.result(CheckId.KERNEL).orElseThrow().evidence())
        .isEqualTo("/proc/sys/kernel/osrelease: is a directory");
    assertThat(report.result(CheckId.IP_FORWARD).orElseThrow().outcome())
        .isEqualTo(Outcome.UNKNOWN);
    CheckResult mode = report.result(CheckId.CGROUP_MODE).orElseThrow();
    assertThat(mode.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(mode.evidence()).startsWith("/sys/fs/cgroup: ");
  }

  @Test
  void garbageInKernelFilesIsUnknownNotAnError(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("proc/sys/kernel"));
    Files.writeString(root.resolve("proc/sys/kernel/osrelease"), "not-a-version\n");
    CheckResult kernel = run(root).result(CheckId.KERNEL).orElseThrow();
    assertThat(kernel.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(kernel.evidence()).contains("not-a-version", "not a kernel version");
  }
}
