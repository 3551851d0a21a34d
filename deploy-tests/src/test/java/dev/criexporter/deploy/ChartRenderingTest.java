package dev.criexporter.deploy;

import static dev.criexporter.deploy.ChartInvariants.args;
import static dev.criexporter.deploy.ChartInvariants.container;
import static dev.criexporter.deploy.ChartInvariants.daemonSet;
import static dev.criexporter.deploy.ChartInvariants.flag;
import static dev.criexporter.deploy.ChartInvariants.hostPaths;
import static dev.criexporter.deploy.ChartInvariants.mounts;
import static dev.criexporter.deploy.ChartInvariants.socketDirs;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The chart rendered with its defaults and with each value set of src/test/resources/chart-values:
 * every object passes the Kubernetes schemas, the invariants of {@link ChartInvariants} hold, and
 * each set does what it is for.
 */
class ChartRenderingTest {

  static final Path VALUES = DeployEnvironment.repo().resolve("deploy-tests/src/test/resources/chart-values");

  static Helm helm;
  static ManifestValidator validator;

  @BeforeAll
  static void tools() {
    helm = Helm.installed();
    validator = ManifestValidator.installed();
  }

  static Manifests render(String valuesFile, String... more) {
    List<String> args = new ArrayList<>();
    if (valuesFile != null) {
      args.add("--values");
      args.add(VALUES.resolve(valuesFile).toString());
    }
    args.addAll(List.of(more));
    return helm.render(DeployEnvironment.chart(), args.toArray(String[]::new));
  }

  static Stream<String> valueSets() throws IOException {
    try (Stream<Path> files = Files.list(VALUES)) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
      assertThat(names).as("value sets in " + VALUES).hasSizeGreaterThanOrEqualTo(6);
      return Stream.concat(Stream.of("(defaults)"), names.stream());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void everyValueSetRendersValidObjectsThatHoldTheInvariants(String valueSet) {
    Manifests m = render(valueSet.equals("(defaults)") ? null : valueSet);
    validator.requireValid(m);
    ChartInvariants.check(m);
    assertThat(helm.lint(DeployEnvironment.chart(), valueSet.equals("(defaults)") ? new String[0]
        : new String[] {"--values", VALUES.resolve(valueSet).toString()}).requireOk())
        .contains("0 chart(s) failed");
  }

  @Test
  void defaultsMountEveryRuntimesSocketDirectoryAndLetTheExporterProbe() {
    Manifests m = render(null);
    assertThat(m.kinds()).containsExactly("ServiceAccount/obs-cri-exporter", "Service/obs-cri-exporter",
        "DaemonSet/obs-cri-exporter");
    assertThat(socketDirs(m)).containsExactly("/run/containerd", "/run/crio", "/var/run/crio", "/run/k3s/containerd");
    assertThat(hostPaths(m)).containsEntry("cgroup", "/sys/fs/cgroup");
    assertThat(flag(m, "--cri.endpoint")).as("auto: the exporter probes").isNull();
    K8sObject pod = daemonSet(m).at("spec", "template", "spec");
    List<?> volumes = pod.list("volumes");
    for (int i = 0; i < volumes.size(); i++) {
      K8sObject volume = pod.at("volumes", i);
      // A runtime directory missing on a node must not keep the pod from starting.
      String expectedType = volume.string("name").equals("cgroup") ? "Directory" : "";
      assertThat(volume.string("hostPath", "type")).as("hostPath type of " + volume.string("name"))
          .isEqualTo(expectedType);
    }
    mounts(m).values().forEach(mount -> assertThat(mount.string("mountPropagation")).isEqualTo("HostToContainer"));
    assertThat(args(m)).containsExactly(
        "--web.listen-address=:9758", "--web.telemetry-path=/metrics", "--path.hostroot=/host",
        "--path.cgroup=/host/sys/fs/cgroup", "--poll.interval=10s", "--poll.keep-stale=30s", "--cri.timeout=5s",
        "--labels.mode=cadvisor", "--log.format=text", "--log.level=info");
  }

  @Test
  void defaultsRunAsRootWithNothingElseAndAreScheduledOnEveryNode() {
    Manifests m = render(null);
    K8sObject pod = daemonSet(m).at("spec", "template", "spec");
    // containerd's socket is root:root 0660: uid 0 opens it; every capability is still dropped.
    assertThat(pod.get("securityContext", "runAsUser")).isEqualTo(0);
    assertThat(pod.get("securityContext", "runAsNonRoot")).isEqualTo(false);
    assertThat(pod.find("priorityClassName")).isEmpty();
    assertThat(pod.find("hostNetwork")).isEmpty();
    assertThat(pod.get("enableServiceLinks")).isEqualTo(false);
    assertThat(pod.list("tolerations")).containsExactly(Map.of("operator", "Exists", "effect", "NoSchedule"));
    assertThat(pod.map("nodeSelector")).isEqualTo(Map.of("kubernetes.io/os", "linux"));
    K8sObject c = container(m);
    assertThat(c.string("image")).isEqualTo("cri-exporter:0.1.0");
    assertThat(c.map("resources")).isEqualTo(Map.of(
        "requests", Map.of("cpu", "50m", "memory", "160Mi"),
        "limits", Map.of("memory", "256Mi")));
    assertThat(c.find("env")).as("no JAVA_TOOL_OPTIONS: the image's defaults apply").isEmpty();
    assertThat(daemonSet(m).map("spec", "updateStrategy"))
        .isEqualTo(Map.of("type", "RollingUpdate", "rollingUpdate", Map.of("maxUnavailable", "10%")));
    K8sObject account = m.only("ServiceAccount");
    assertThat(account.get("automountServiceAccountToken")).isEqualTo(false);
    assertThat(pod.string("serviceAccountName")).isEqualTo(account.name());
    K8sObject service = m.only("Service");
    assertThat(service.string("spec", "clusterIP")).isEqualTo("None");
    assertThat(service.get("spec", "ports", 0, "port")).isEqualTo(9758);
    for (K8sObject o : m.all()) {
      assertThat(o.string("metadata", "namespace")).isEqualTo(Helm.NAMESPACE);
      assertThat(o.map("metadata", "labels")).containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("app.kubernetes.io/version", "0.1.0")
          .containsEntry("helm.sh/chart", "cri-exporter-0.1.0");
    }
  }

  @Test
  void crioMountsOnlyCrioDirectoriesAndNamesItsSocket() {
    Manifests m = render("crio.yaml");
    assertThat(socketDirs(m)).containsExactly("/run/crio", "/var/run/crio");
    assertThat(flag(m, "--cri.endpoint")).isEqualTo("unix:///host/var/run/crio/crio.sock");
  }

  @Test
  void k3sMountsOnlyItsContainerdDirectory() {
    Manifests m = render("k3s.yaml");
    assertThat(socketDirs(m)).containsExactly("/run/k3s/containerd");
    assertThat(flag(m, "--cri.endpoint")).isEqualTo("unix:///host/run/k3s/containerd/containerd.sock");
  }

  @Test
  void containerdWithoutPropagationForNodesWithoutSharedMounts() {
    Manifests m = render("containerd.yaml");
    assertThat(socketDirs(m)).containsExactly("/run/containerd");
    assertThat(flag(m, "--cri.endpoint")).isEqualTo("unix:///host/run/containerd/containerd.sock");
    mounts(m).values().forEach(mount -> assertThat(mount.string("mountPropagation")).isEqualTo("None"));
  }

  @Test
  void aSocketElsewhereIsMountedByItsDirectory() {
    Manifests m = render("custom-socket.yaml");
    assertThat(socketDirs(m)).containsExactly("/var/snap/microk8s/common/run");
    assertThat(flag(m, "--cri.endpoint")).isEqualTo("unix:///host/var/snap/microk8s/common/run/containerd.sock");
    assertThat(m.ofKind("Service")).isEmpty();
    assertThat(daemonSet(m).map("spec", "updateStrategy")).as("no rollingUpdate with OnDelete")
        .isEqualTo(Map.of("type", "OnDelete"));
    assertThat(daemonSet(m).find("spec", "template", "spec", "tolerations")).isEmpty();
  }

  @Test
  void monitoringObjectsSelectTheExporterAndKeepContainerLabels() throws IOException {
    Manifests m = render("monitoring.yaml");
    assertThat(m.kinds()).contains("ServiceMonitor/obs-cri-exporter", "PodMonitor/obs-cri-exporter",
        "PrometheusRule/obs-cri-exporter");
    K8sObject service = m.only("Service");
    K8sObject sm = m.only("ServiceMonitor");
    assertThat(sm.apiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(sm.map("metadata", "labels")).containsEntry("release", "kube-prometheus-stack");
    assertThat(service.map("metadata", "labels")).containsAllEntriesOf(sm.map("spec", "selector", "matchLabels"));
    assertThat(sm.strings("spec", "namespaceSelector", "matchNames")).containsExactly(Helm.NAMESPACE);
    K8sObject endpoint = sm.at("spec", "endpoints", 0);
    assertThat(endpoint.string("port")).isEqualTo("metrics");
    assertThat(endpoint.string("path")).isEqualTo("/metrics");
    assertThat(endpoint.get("honorLabels")).isEqualTo(true);
    assertThat(endpoint.string("interval")).isEqualTo("15s");
    assertThat(endpoint.string("scrapeTimeout")).isEqualTo("10s");
    assertThat(endpoint.list("relabelings")).containsExactly(
        Map.of("sourceLabels", List.of("__meta_kubernetes_pod_node_name"), "targetLabel", "node"));
    assertThat(endpoint.list("metricRelabelings")).hasSize(1);

    K8sObject pm = m.only("PodMonitor");
    assertThat(pm.string("metadata", "namespace")).isEqualTo("observability");
    assertThat(pm.strings("spec", "namespaceSelector", "matchNames")).containsExactly(Helm.NAMESPACE);
    assertThat(daemonSet(m).map("spec", "template", "metadata", "labels"))
        .containsAllEntriesOf(pm.map("spec", "selector", "matchLabels"));
    assertThat(pm.get("spec", "podMetricsEndpoints", 0, "honorLabels")).isEqualTo(true);
    assertThat(pm.string("spec", "podMetricsEndpoints", 0, "port")).isEqualTo("metrics");

    K8sObject rule = m.only("PrometheusRule");
    assertThat(rule.map("metadata", "annotations")).containsEntry("owner", "platform");
    Map<?, ?> file = (Map<?, ?>) new Load(LoadSettings.builder().build())
        .loadFromString(Files.readString(DeployEnvironment.chart().resolve("files/rules.yaml")));
    assertThat(rule.list("spec", "groups")).as("the rule file's groups, unchanged").isEqualTo(file.get("groups"));
  }

  @Test
  void leanLabelsTunedPollingExtraArgsAndJvmOptionsReachTheContainer() {
    Manifests m = render("lean-extra-args.yaml");
    assertThat(flag(m, "--labels.mode")).isEqualTo("lean");
    assertThat(flag(m, "--poll.interval")).isEqualTo("1m30s");
    assertThat(flag(m, "--poll.keep-stale")).isEqualTo("0s");
    assertThat(flag(m, "--cri.timeout")).isEqualTo("10s");
    assertThat(flag(m, "--labels.pod-allowlist")).isEqualTo("app.kubernetes.io/name,team");
    assertThat(flag(m, "--web.telemetry-path")).isEqualTo("/container-metrics");
    assertThat(flag(m, "--log.format")).isEqualTo("json");
    assertThat(args(m)).contains("--collector.crosscheck", "--no-collector.memory");
    assertThat(args(m).get(args(m).size() - 1)).as("extra flags come last").isEqualTo("--cri.max-message-size=128MiB");
    assertThat(container(m).list("env")).containsExactly(
        Map.of("name", "JAVA_TOOL_OPTIONS", "value",
            "-XX:+UseSerialGC -Xmn8m -XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"),
        Map.of("name", "TZ", "value", "UTC"));
  }

  @Test
  void nonRootRunsWithTheSocketsGroupAndAPinnedImage() {
    Manifests m = render("non-root.yaml");
    K8sObject pod = daemonSet(m).at("spec", "template", "spec");
    assertThat(pod.map("securityContext")).isEqualTo(Map.of(
        "runAsUser", 65532, "runAsGroup", 65532, "runAsNonRoot", true, "supplementalGroups", List.of(0),
        "seccompProfile", Map.of("type", "RuntimeDefault")));
    K8sObject c = container(m);
    assertThat(c.string("image")).isEqualTo("registry.internal/platform/cri-exporter@"
        + "sha256:9f2c4b0d6a1e3f5c7b9d2e4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a2c");
    assertThat(c.string("imagePullPolicy")).isEqualTo("Always");
    assertThat(pod.list("imagePullSecrets")).containsExactly(Map.of("name", "regcred"), Map.of("name", "mirror-credentials"));
    assertThat(pod.string("priorityClassName")).isEqualTo("system-node-critical");
    assertThat(pod.get("hostNetwork")).isEqualTo(true);
    assertThat(pod.string("dnsPolicy")).isEqualTo("ClusterFirstWithHostNet");
    assertThat(pod.string("serviceAccountName")).isEqualTo("node-agents");
    assertThat(m.ofKind("ServiceAccount")).isEmpty();
    assertThat(c.get("ports", 0, "containerPort")).isEqualTo(19758);
    assertThat(daemonSet(m).map("spec", "template", "metadata", "annotations")).isEqualTo(Map.of(
        "prometheus.io/scrape", "true", "prometheus.io/port", "19758", "prometheus.io/path", "/metrics"));
  }

  @Test
  void notesExplainSocketAccessForTheChosenUser() {
    String root = helm.notes(DeployEnvironment.chart());
    assertThat(root).contains("runs as user 0", "every capability dropped", "probed under /host")
        .doesNotContain("WARNING");
    String nonRoot = helm.notes(DeployEnvironment.chart(), "--values", VALUES.resolve("non-root.yaml").toString());
    assertThat(nonRoot).contains("It runs as user 65532 with supplemental groups 0").doesNotContain("WARNING");
    String noGroup = helm.notes(DeployEnvironment.chart(), "--set", "podSecurityContext.runAsUser=1000",
        "--set", "podSecurityContext.runAsNonRoot=true", "--set", "runtime=crio");
    assertThat(noGroup).contains("WARNING: no supplementalGroups are set", "unix:///host/var/run/crio/crio.sock");
  }

  @Test
  void nameOverridesAndLongReleaseNamesStayValidDnsNames() {
    // Helm's longest release name (53) plus "-cri-exporter" is over a DNS label's 63.
    String longRelease = "node-metrics-of-the-production-fleet-in-eu-west-1-abc";
    assertThat(longRelease).hasSize(53);
    Manifests m = Manifests.parse(helm.run(List.of("template", longRelease, DeployEnvironment.chart().toString(),
        "--namespace", "kube-system", "--set", "commonLabels.team=platform")).requireOk());
    validator.requireValid(m);
    for (K8sObject o : m.all()) {
      assertThat(o.name()).hasSizeLessThanOrEqualTo(63).doesNotEndWith("-");
      assertThat(o.map("metadata", "labels")).containsEntry("team", "platform");
    }
    Manifests overridden = render(null, "--set", "fullnameOverride=node-containers");
    assertThat(overridden.only("DaemonSet").name()).isEqualTo("node-containers");
  }
}
