package dev.criexporter.exporter.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cgroup.HostCgroups;
import dev.criexporter.cgroup.path.ContainerCgroup;
import dev.criexporter.cri.CallObserver;
import dev.criexporter.cri.CriEndpoints;
import dev.criexporter.cri.ReconnectingCriClient;
import dev.criexporter.exporter.Main;
import dev.criexporter.testsupport.containerd.PodSpec;
import dev.criexporter.testsupport.containerd.PrivateContainerd;
import dev.criexporter.testsupport.containerd.RunningPod;
import dev.criexporter.testsupport.containerd.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code cri-exporter doctor} on this machine against a private, real containerd running one
 * pod, asserted check by check. Machine facts the harness does not control (cgroup mode, kernel,
 * ip_forward, LSMs) are compared with what the test reads itself; what the harness sets up
 * (containerd 1.6, cgroupfs, overlayfs, no CNI, no kubelet) is asserted as such. Under CI=true
 * it fails, not skips, if containerd cannot start.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealContainerdDoctorTest {
  static final Path CGROUP = Path.of("/sys/fs/cgroup");

  PrivateContainerd containerd;
  RunningPod pod;
  JsonObject report;
  int exitCode;

  @BeforeAll
  void start() throws Exception {
    Path work = Files.createTempDirectory("cri-exporter-doctor-");
    Files.delete(work);
    containerd = PrivateContainerd.startOrAbort(work);
    pod = containerd.pods().run(PodSpec.builder("doctor-probe-5f7c9-k2x8q").namespace("ops")
        .uid(UUID.randomUUID().toString()).container(Workloads.idleSleeper("sleeper")).build());
    DoctorCommandTest.Run json = DoctorCommandTest.execute(Main.commandLine(), "doctor",
        "--cri.endpoint=" + containerd.endpoint(), "--path.hostroot=/", "--output=json");
    exitCode = json.exitCode();
    report = JsonParser.parseString(json.out()).getAsJsonObject();
    DoctorCommandTest.Run table = DoctorCommandTest.execute(Main.commandLine(), "doctor",
        "--cri.endpoint=" + containerd.endpoint(), "--path.hostroot=/");
    System.out.println(table.out());
    assertThat(table.exitCode()).isEqualTo(exitCode);
  }

  @AfterAll
  void stop() {
    if (containerd != null) {
      containerd.close();
      assertThat(containerd.remainingPodCgroupDirectories()).isEmpty();
    }
  }

  JsonObject check(CheckId id) {
    for (JsonElement e : report.getAsJsonArray("checks")) {
      if (e.getAsJsonObject().get("check").getAsString().equals(id.label())) {
        return e.getAsJsonObject();
      }
    }
    throw new AssertionError("no result for " + id.label() + " in " + report);
  }

  void expect(CheckId id, Outcome outcome, String value) {
    JsonObject c = check(id);
    assertThat(c.get("result").getAsString()).as(id.label() + ": " + c).isEqualTo(outcome.label());
    if (value != null) {
      assertThat(c.get("value").getAsString()).as(id.label() + ": " + c).isEqualTo(value);
    }
  }

  static String read(String path) throws IOException {
    Path p = Path.of(path);
    return Files.isReadable(p) ? Files.readString(p).trim() : "";
  }

  @Test
  void cgroupChecksMatchTheMachine() throws Exception {
    CgroupMode mode = HostCgroups.detect(CGROUP).mode();
    switch (mode) {
      case UNIFIED -> expect(CheckId.CGROUP_MODE, Outcome.OK, "v2");
      case HYBRID -> expect(CheckId.CGROUP_MODE, Outcome.WARN, "hybrid");
      case LEGACY -> expect(CheckId.CGROUP_MODE, Outcome.WARN, "v1");
    }
    expect(CheckId.CGROUP_CONTROLLERS, Outcome.OK, "available");
    boolean psi = read("/proc/pressure/cpu").startsWith("some");
    expect(CheckId.PSI, psi ? Outcome.OK : Outcome.WARN, null);
  }

  @Test
  void theRuntimeIsContainerdWithoutCni() {
    expect(CheckId.RUNTIME, Outcome.OK, "containerd");
    assertThat(check(CheckId.RUNTIME).get("evidence").getAsString())
        .contains(containerd.endpoint(), "CRI API v1");
    // The private containerd has an empty CNI directory: NetworkReady is false.
    expect(CheckId.RUNTIME_CONDITIONS, Outcome.CRITICAL, "network_not_ready");
    assertThat(check(CheckId.RUNTIME_CONDITIONS).get("evidence").getAsString())
        .contains("RuntimeReady=true", "NetworkReady=false");
  }

  @Test
  void statsCallsOfContainerd16() {
    expect(CheckId.CRI_CONTAINER_STATS, Outcome.OK, "ok");
    assertThat(check(CheckId.CRI_CONTAINER_STATS).get("evidence").getAsString())
        .endsWith("containers: 1");
    expect(CheckId.CRI_POD_SANDBOX_STATS, Outcome.OK, "ok");
    expect(CheckId.CRI_METRIC_DESCRIPTORS, Outcome.OK, "unimplemented");
  }

  @Test
  void driverIsCgroupfsAndTheKubeletIsNotHere() {
    JsonObject driver = check(CheckId.CGROUP_DRIVER);
    assertThat(driver.get("value").getAsString()).isEqualTo("cgroupfs");
    assertThat(driver.get("evidence").getAsString()).contains(
        "runtime: cgroupfs (Status config containerd.runtimes.runc.options.SystemdCgroup=false)",
        "pods on disk: cgroupfs");
    boolean kubelet = KubeletDriver.CONFIG_FILES.stream().anyMatch(f -> Files.exists(Path.of(f)))
        || KubeletDriver.FLAG_FILES.stream().anyMatch(f -> Files.exists(Path.of(f)));
    if (!kubelet) {
      assertThat(driver.get("result").getAsString()).isEqualTo("unknown");
      assertThat(driver.get("evidence").getAsString()).contains("no kubelet configuration");
    }
  }

  @Test
  void filesystemAndKernelChecksMatchTheMachine() throws Exception {
    boolean overlay = OverlayCheck.lists(read("/proc/filesystems"), "overlay");
    expect(CheckId.OVERLAYFS, overlay ? Outcome.OK : Outcome.WARN, null);
    expect(CheckId.SNAPSHOTTER, overlay ? Outcome.OK : Outcome.CRITICAL, "overlayfs");
    expect(CheckId.KERNEL, Outcome.OK, read("/proc/sys/kernel/osrelease"));
    String forward = read("/proc/sys/net/ipv4/ip_forward");
    expect(CheckId.IP_FORWARD, forward.equals("1") ? Outcome.OK : Outcome.CRITICAL, forward);
    boolean seccomp = SeccompCheck.field(read("/proc/self/status"), "Seccomp").isPresent();
    expect(CheckId.SECCOMP, seccomp ? Outcome.OK : Outcome.WARN, null);
    boolean mac = read("/sys/module/apparmor/parameters/enabled").equals("Y")
        || read("/sys/fs/selinux/enforce").equals("1");
    expect(CheckId.SECURITY_MODULE, mac ? Outcome.OK : Outcome.WARN, null);
  }

  @Test
  void theRunningPodIsNeitherGhostNorMissing() throws Exception {
    assertThat(check(CheckId.CROSSCHECK).get("result").getAsString()).isNotEqualTo("unknown");
    try (ReconnectingCriClient client = new ReconnectingCriClient(new CriEndpoints(Path.of("/"),
        Optional.of(containerd.endpoint()), Map.of()), Duration.ofSeconds(5), 16 << 20,
        CallObserver.NONE)) {
      CrossCheckScan scan = CrossCheckScan.run(client, HostCgroups.detect(CGROUP));
      // Other private containerds on this machine may own cgroups this one does not explain.
      assertThat(scan.ghosts()).extracting(ContainerCgroup::containerId)
          .doesNotContain(pod.containerId("sleeper"), pod.podSandboxId());
      assertThat(scan.missing()).isEmpty();
      assertThat(scan.known()).isEqualTo(2);
    }
  }

  @Test
  void exitCodeIsTheWorstOutcome() {
    // NetworkReady=false of the CNI-less private containerd is critical.
    assertThat(exitCode).isEqualTo(2);
    assertThat(report.get("exitCode").getAsInt()).isEqualTo(2);
    assertThat(report.getAsJsonArray("checks")).hasSize(CheckId.values().length);
  }
}
