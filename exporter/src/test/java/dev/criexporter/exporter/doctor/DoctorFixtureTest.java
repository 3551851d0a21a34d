package dev.criexporter.exporter.doctor;

import static dev.criexporter.exporter.doctor.Fixtures.GHOST;
import static dev.criexporter.exporter.doctor.Fixtures.LOST_APP;
import static dev.criexporter.exporter.doctor.Fixtures.WEB_APP;
import static dev.criexporter.exporter.doctor.Fixtures.WEB_SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cri.CriException;
import dev.criexporter.cri.RuntimeIdentity;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every failure the doctor knows, and the all-clear, against fixture host roots and a fake
 * runtime: the outcome of each check, the exit code, and the printed table (golden files).
 */
class DoctorFixtureTest {

  /**
   * One scenario.
   *
   * @param name the golden file
   * @param root the fixture host root
   * @param runtime how the fake runtime answers
   * @param expected outcomes that are not ok; every other check must pass
   * @param exitCode the command's exit code
   */
  record Case(String name, String root, Consumer<FakeCri> runtime, Map<CheckId, Outcome> expected,
      int exitCode) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Consumer<FakeCri> webPod(boolean systemd) {
    return cri -> cri.containerd(systemd, "overlayfs").sandbox(WEB_SANDBOX)
        .container(WEB_APP, WEB_SANDBOX, true);
  }

  static Map<CheckId, Outcome> expect(Object... pairs) {
    Map<CheckId, Outcome> m = new EnumMap<>(CheckId.class);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((CheckId) pairs[i], (Outcome) pairs[i + 1]);
    }
    return m;
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("v2-healthy", "v2-healthy", webPod(true), expect(), 0),
        new Case("v1-legacy", "v1-legacy", webPod(false).andThen(cri -> {
          cri.identity = new RuntimeIdentity("containerd", "1.6.20~ds1", "v1", FakeCri.ENDPOINT);
          cri.unimplemented.add("ListMetricDescriptors");
          cri.container(LOST_APP, WEB_SANDBOX, true);
        }), expect(CheckId.CGROUP_MODE, Outcome.WARN, CheckId.PSI, Outcome.WARN,
            CheckId.CROSSCHECK, Outcome.WARN), 1),
        new Case("hybrid-driver-mismatch", "hybrid-driver-mismatch", webPod(false),
            expect(CheckId.CGROUP_MODE, Outcome.WARN, CheckId.CGROUP_DRIVER, Outcome.CRITICAL),
            2),
        new Case("no-overlay", "no-overlay", webPod(true),
            expect(CheckId.OVERLAYFS, Outcome.WARN, CheckId.SNAPSHOTTER, Outcome.CRITICAL), 2),
        new Case("ip-forward-off", "ip-forward-off", webPod(true),
            expect(CheckId.IP_FORWARD, Outcome.CRITICAL), 2),
        new Case("no-kubelet-config", "no-kubelet-config", webPod(true),
            expect(CheckId.CGROUP_DRIVER, Outcome.UNKNOWN), 1),
        new Case("old-kernel", "old-kernel", webPod(true),
            expect(CheckId.KERNEL, Outcome.WARN), 1),
        new Case("crio", "crio", cri -> {
          cri.crio("1.24.6").sandbox(WEB_SANDBOX).container(WEB_APP, WEB_SANDBOX, true);
          cri.conditions.put("NetworkReady", false);
          cri.unimplemented.addAll(List.of("ListPodSandboxStats", "ListMetricDescriptors"));
        }, expect(CheckId.RUNTIME_CONDITIONS, Outcome.CRITICAL, CheckId.CRI_POD_SANDBOX_STATS,
            Outcome.WARN), 2),
        new Case("runtime-unreachable", "v2-healthy",
            webPod(true).andThen(cri -> cri.failing.put("Version", CriException.Kind.UNAVAILABLE)),
            expect(CheckId.RUNTIME, Outcome.CRITICAL, CheckId.RUNTIME_CONDITIONS, Outcome.UNKNOWN,
                CheckId.CRI_CONTAINER_STATS, Outcome.UNKNOWN, CheckId.CRI_POD_SANDBOX_STATS,
                Outcome.UNKNOWN, CheckId.CRI_METRIC_DESCRIPTORS, Outcome.UNKNOWN,
                CheckId.SNAPSHOTTER, Outcome.UNKNOWN, CheckId.CROSSCHECK, Outcome.UNKNOWN), 2));
  }

  static DoctorReport run(Case c, FakeCri cri) {
    c.runtime().accept(cri);
    return new Doctor(Fixtures.paths(Fixtures.root(c.root())), Fixtures.CLOCK)
        .runWithCrossCheck(cri);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyCheckHasTheExpectedOutcome(Case c) {
    DoctorReport report = run(c, new FakeCri());
    assertThat(report.results()).extracting(CheckResult::check)
        .containsExactly(CheckId.values());
    for (CheckResult r : report.results()) {
      assertThat(r.outcome()).as(r.check().label() + ": " + r.evidence())
          .isEqualTo(c.expected().getOrDefault(r.check(), Outcome.OK));
      assertThat(r.remedy().isEmpty()).as(r.check().label() + " has a remedy iff not ok")
          .isEqualTo(r.passed());
    }
    assertThat(report.exitCode()).isEqualTo(c.exitCode());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tableMatchesTheGoldenFile(Case c) throws Exception {
    Fixtures.assertGolden(c.name(), TableFormat.render(run(c, new FakeCri())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void onlyReadCallsAreMade(Case c) {
    FakeCri cri = new FakeCri();
    run(c, cri);
    assertThat(cri.calls).isSubsetOf("Version", "Status", "ListContainerStats",
        "ListPodSandboxStats", "ListMetricDescriptors", "ListContainers", "ListPodSandbox");
  }

  @Test
  void theLegacyNodeHasOneGhostAndOneContainerWithoutCgroup() {
    Case legacy = cases().filter(c -> c.name().equals("v1-legacy")).findFirst().orElseThrow();
    CheckResult cross = run(legacy, new FakeCri()).result(CheckId.CROSSCHECK).orElseThrow();
    assertThat(cross.value()).isEqualTo("ghosts,missing");
    assertThat(cross.evidence()).contains("/kubepods/besteffort/pod", GHOST, LOST_APP)
        .doesNotContain(WEB_APP);
  }
}
