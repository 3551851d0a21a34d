package dev.criexporter.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.criexporter.exporter.Main;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every rendering of the chart must satisfy, whatever the values. */
final class ChartInvariants {

  static final String HOST_ROOT = "/host";

  private ChartInvariants() {
  }

  static K8sObject daemonSet(Manifests m) {
    return m.only("DaemonSet");
  }

  static K8sObject container(Manifests m) {
    List<?> containers = daemonSet(m).list("spec", "template", "spec", "containers");
    assertThat(containers).as("containers").hasSize(1);
    return daemonSet(m).at("spec", "template", "spec", "containers", 0);
  }

  static List<String> args(Manifests m) {
    return container(m).strings("args");
  }

  /** The value of {@code --flag=value} among the container's arguments, or null. */
  static String flag(Manifests m, String flag) {
    String prefix = flag + "=";
    List<String> values = args(m).stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).toList();
    assertThat(values).as("occurrences of " + flag).hasSizeLessThanOrEqualTo(1);
    return values.isEmpty() ? null : values.get(0);
  }

  /** hostPath volumes: name to node path. */
  static Map<String, String> hostPaths(Manifests m) {
    Map<String, String> paths = new LinkedHashMap<>();
    K8sObject ds = daemonSet(m);
    List<?> volumes = ds.list("spec", "template", "spec", "volumes");
    for (int i = 0; i < volumes.size(); i++) {
      K8sObject volume = ds.at("spec", "template", "spec", "volumes", i);
      volume.find("hostPath", "path").ifPresent(p -> paths.put(volume.string("name"), String.valueOf(p)));
    }
    return paths;
  }

  /** Mounts of the container: name to the mount's map. */
  static Map<String, K8sObject> mounts(Manifests m) {
    Map<String, K8sObject> mounts = new LinkedHashMap<>();
    K8sObject c = container(m);
    List<?> list = c.list("volumeMounts");
    for (int i = 0; i < list.size(); i++) {
      K8sObject mount = c.at("volumeMounts", i);
      mounts.put(mount.string("name"), mount);
    }
    return mounts;
  }

  /** Node paths of the socket directories (hostPath volumes other than the cgroup root). */
  static List<String> socketDirs(Manifests m) {
    return hostPaths(m).entrySet().stream().filter(e -> !e.getKey().equals("cgroup")).map(Map.Entry::getValue).toList();
  }

  /** Checks every rendering must pass; returns nothing, fails with a message naming the rule. */
  static void check(Manifests m) {
    K8sObject ds = daemonSet(m);
    K8sObject pod = ds.at("spec", "template");

    // The selector picks the pods, and only by labels that never change between versions.
    Map<String, Object> selector = ds.map("spec", "selector", "matchLabels");
    assertThat(selector.keySet()).as("selector keys")
        .containsExactlyInAnyOrder("app.kubernetes.io/name", "app.kubernetes.io/instance");
    assertThat(pod.map("metadata", "labels")).as("pod labels").containsAllEntriesOf(selector);
    for (K8sObject service : m.ofKind("Service")) {
      assertThat(service.map("spec", "selector")).as("Service selector").isEqualTo(selector);
      assertThat(service.list("spec", "ports")).hasSize(1);
      assertThat(service.string("spec", "ports", 0, "name")).isEqualTo("metrics");
      assertThat(service.string("spec", "ports", 0, "targetPort")).isEqualTo("metrics");
    }

    // Every node path is mounted read-only under /host at its own path, and the flags point there.
    Map<String, String> hostPaths = hostPaths(m);
    Map<String, K8sObject> mounts = mounts(m);
    assertThat(hostPaths).as("hostPath volumes").containsKey("cgroup");
    hostPaths.forEach((name, path) -> {
      assertThat(mounts).as("mount of volume " + name).containsKey(name);
      K8sObject mount = mounts.get(name);
      assertThat(mount.get("readOnly")).as("readOnly of " + name).isEqualTo(true);
      assertThat(mount.string("mountPath")).as("mountPath of " + name).isEqualTo(HOST_ROOT + path);
    });
    assertThat(socketDirs(m)).as("socket directories").isNotEmpty();
    assertThat(flag(m, "--path.hostroot")).isEqualTo(HOST_ROOT);
    assertThat(flag(m, "--path.cgroup")).isEqualTo(HOST_ROOT + hostPaths.get("cgroup"));
    String endpoint = flag(m, "--cri.endpoint");
    if (endpoint != null) {
      assertThat(endpoint).startsWith("unix://" + HOST_ROOT + "/");
      String nodePath = endpoint.substring(("unix://" + HOST_ROOT).length());
      assertThat(socketDirs(m)).as("a mounted directory holds the socket " + nodePath)
          .anySatisfy(dir -> assertThat(nodePath).startsWith(dir + "/"));
    }

    // The container stays locked down whatever the user and group.
    K8sObject c = container(m);
    assertThat(c.get("securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
    assertThat(c.get("securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
    assertThat(c.find("securityContext", "privileged")).hasValueSatisfying(v -> assertThat(v).isEqualTo(false));
    assertThat(c.strings("securityContext", "capabilities", "drop")).containsExactly("ALL");
    assertThat(c.find("securityContext", "capabilities", "add")).isEmpty();
    assertThat(pod.string("spec", "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
    assertThat(pod.get("spec", "automountServiceAccountToken")).isEqualTo(false);
    assertThat(pod.find("spec", "hostPID")).isEmpty();
    assertThat(pod.find("spec", "hostIPC")).isEmpty();

    // Probes and the port.
    assertThat(c.string("ports", 0, "name")).isEqualTo("metrics");
    assertThat(c.string("livenessProbe", "httpGet", "path")).isEqualTo("/healthz");
    assertThat(c.string("readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
    assertThat(c.string("livenessProbe", "httpGet", "port")).isEqualTo("metrics");
    assertThat(c.string("readinessProbe", "httpGet", "port")).isEqualTo("metrics");
    assertThat(flag(m, "--web.listen-address")).isEqualTo(":" + c.get("ports", 0, "containerPort"));

    // The exporter itself accepts every flag the chart passes.
    List<String> args = args(m);
    assertThatCode(() -> Main.commandLine().parseArgs(args.toArray(String[]::new)))
        .as("the exporter's command line accepts " + args)
        .doesNotThrowAnyException();
  }
}
