package dev.criexporter.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad values fail at template time (so at install time, before anything reaches a cluster) with a
 * message that names the value: through values.schema.json for single values, through the
 * chart's own checks for combinations.
 */
class ChartRejectsBadValuesTest {

  static Helm helm;

  @BeforeAll
  static void tools() {
    helm = Helm.installed();
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        // value set, then what the message must name
        bad("pollInterval=-5s", "/pollInterval", "-5s"),
        bad("pollInterval=10", "/pollInterval", "want string"),
        bad("pollInterval=50ms", "pollInterval", "at least 100ms"),
        bad("keepStale=soon", "/keepStale"),
        bad("criTimeout=0s", "criTimeout", "more than zero"),
        bad("criTimeout=30s", "criTimeout", "must not exceed pollInterval"),
        bad("runtime=docker", "/runtime", "auto", "containerd", "crio", "k3s"),
        bad("labelsMode=full", "/labelsMode", "cadvisor", "lean"),
        bad("port=abc", "/port", "want integer"),
        bad("port=70000", "/port", "maximum"),
        badString("service.port=9758", "/service/port", "got string, want integer"),
        bad("resources.requests.memory=lots", "/resources/requests/memory"),
        bad("image.digest=sha256:abc", "/image/digest"),
        bad("image.pullPolicy=Sometimes", "/image/pullPolicy"),
        bad("cgroupRoot=sys/fs/cgroup", "/cgroupRoot"),
        bad("criSocket=run/containerd.sock", "/criSocket"),
        bad("socketDirs.crio={relative/dir}", "/socketDirs/crio/0"),
        bad("mountPropagation=Bidirectional", "/mountPropagation"),
        bad("pollIntervall=10s", "pollIntervall", "not allowed"),
        bad("podSecurityContext.runAsUsr=1000", "runAsUsr", "not allowed"),
        bad("podSecurityContext.runAsUser=-1", "/podSecurityContext/runAsUser"),
        bad("podSecurityContext.runAsNonRoot=true", "podSecurityContext.runAsNonRoot", "runAsUser is 0"),
        bad("securityContext.readOnlyRootFilesystem=yes", "/securityContext/readOnlyRootFilesystem"),
        bad("updateStrategy.rollingUpdate.maxUnavailable=ten", "/updateStrategy/rollingUpdate/maxUnavailable"),
        bad("updateStrategy.type=Recreate", "/updateStrategy/type"),
        bad("tolerations[0].effect=Sometimes", "/tolerations/0/effect"),
        bad("extraArgs={poll.interval=5s}", "/extraArgs/0"),
        bad("metricsPath=/healthz", "metricsPath", "taken"),
        bad("collectors.enable={cpu},collectors.disable={cpu}", "collectors", "cpu"),
        bad("serviceMonitor.enabled=true,service.enabled=false", "serviceMonitor.enabled", "service.enabled"),
        bad("serviceMonitor.interval=often", "/serviceMonitor/interval"),
        bad("logLevel=verbose", "/logLevel"),
        bad("livenessProbe.periodSeconds=0", "/livenessProbe/periodSeconds"));
  }

  private static Arguments bad(String set, String... mentions) {
    return Arguments.of(List.of("--set", set), List.of(mentions));
  }

  private static Arguments badString(String set, String... mentions) {
    return Arguments.of(List.of("--set-string", set), List.of(mentions));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void templateFailsNamingTheValue(List<String> args, List<String> mentions) {
    Exec.Result result = helm.template(DeployEnvironment.chart(), args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.describe()).isNotZero().isPositive();
    assertThat(result.stdout()).as("nothing rendered").isBlank();
    assertThat(result.stderr()).contains(mentions);
  }

  @Test
  void aClusterOlderThanTheChartSupportsIsRefused() {
    Exec.Result old = helm.template(DeployEnvironment.chart(), "--kube-version", "1.24.0");
    assertThat(old.ok()).as(old.describe()).isFalse();
    assertThat(old.stderr()).contains("kubeVersion", ">=1.25.0-0");
    // Managed clusters report pre-release suffixes; the lowest supported version still passes.
    assertThat(helm.template(DeployEnvironment.chart(), "--kube-version", "1.25.0-eks-1234").ok()).isTrue();
  }

  @Test
  void dashboardFilesThatCollideAreRefused() throws Exception {
    Path copy = ChartFiles.copyOfChart("collide");
    Path dir = Files.createDirectories(copy.resolve("files/dashboards"));
    Files.writeString(dir.resolve("Node Usage.json"), "{}");
    Files.writeString(dir.resolve("node-usage.json"), "{}");
    Exec.Result result = helm.template(copy, "--set", "dashboards.enabled=true");
    assertThat(result.ok()).as(result.describe()).isFalse();
    assertThat(result.stderr()).contains("dashboards:", "Node Usage.json", "node-usage.json", "rename one");
  }
}
