package dev.criexporter.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonParser;
import dev.criexporter.cri.v1.ContainerConfig;
import dev.criexporter.cri.v1.ContainerStatusRequest;
import dev.criexporter.cri.v1.CreateContainerRequest;
import dev.criexporter.cri.v1.LinuxPodSandboxConfig;
import dev.criexporter.cri.v1.LinuxSandboxSecurityContext;
import dev.criexporter.cri.v1.NamespaceMode;
import dev.criexporter.cri.v1.NamespaceOption;
import dev.criexporter.cri.v1.PodSandboxConfig;
import dev.criexporter.cri.v1.PodSandboxMetadata;
import dev.criexporter.cri.v1.StartContainerRequest;
import dev.criexporter.deploy.ImageBuild.Image;
import dev.criexporter.testsupport.containerd.PodSpec;
import dev.criexporter.testsupport.containerd.PrivateContainerd;
import dev.criexporter.testsupport.containerd.RunningPod;
import dev.criexporter.testsupport.containerd.TestPods;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The image as a pod of the chart would run it, on a real (private) containerd: the image is
 * imported with ctr, and three pods run its exporter with the container settings of the rendered
 * chart (translated as kubelet does, see {@link KubeletTranslation}) — read-only root
 * filesystem, every capability dropped, no_new_privs, RuntimeDefault seccomp, the socket directory
 * and the cgroup root mounted read-only under /host:
 * <ul>
 *   <li>the chart's defaults (user 0);</li>
 *   <li>the documented non-root setting: user 65532 with the socket's group 0;</li>
 *   <li>user 65532 without that group, which must fail to reach the runtime, as the NOTES warn.</li>
 * </ul>
 * Each listens on its own loopback port (host network) and is scraped there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageOnContainerdTest {

  static final Duration STARTUP = Duration.ofSeconds(60);
  static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)", Pattern.MULTILINE);

  /** One exporter pod: its name, extra chart values, port, and what it ran as. */
  record ExporterPod(String name, List<String> values, int port, RunningPod pod, String containerId) {
    String url(String path) {
      return "http://127.0.0.1:" + port + path;
    }
  }

  Image image;
  Path workDir;
  PrivateContainerd containerd;
  HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final Map<String, ExporterPod> pods = new LinkedHashMap<>();

  @BeforeAll
  void runPods() throws Exception {
    image = ImageBuild.get();
    // The socket's directory must be traversable by other users, as /run/containerd (0711) is.
    workDir = Files.createTempDirectory("cri-exporter-deploy-", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx--x--x")));
    Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwx--x--x"));
    containerd = PrivateContainerd.startOrAbort(workDir);

    long started = System.nanoTime();
    Exec.Result imported = Exec.run(Duration.ofSeconds(120), List.of("ctr", "--address", containerd.socketPath().toString(),
        "--namespace", "k8s.io", "images", "import", "--snapshotter", "overlayfs", image.archive().toString()));
    assertThat(imported.ok()).as(imported.describe()).isTrue();
    System.out.printf("image imported into containerd in %d ms%n", (System.nanoTime() - started) / 1_000_000);

    start("defaults", List.of());
    start("nonroot-group0", List.of("podSecurityContext.runAsUser=65532", "podSecurityContext.runAsGroup=65532",
        "podSecurityContext.runAsNonRoot=true", "podSecurityContext.supplementalGroups={0}"));
    start("nonroot-nogroup", List.of("podSecurityContext.runAsUser=65532", "podSecurityContext.runAsGroup=65532",
        "podSecurityContext.runAsNonRoot=true"));
  }

  @AfterAll
  void stopPods() throws IOException {
    if (containerd != null) {
      containerd.close();
      assertThat(containerd.remainingPodCgroupDirectories()).isEmpty();
      assertThat(containerd.liveShims()).isEmpty();
    }
    if (workDir != null) {
      ChartFiles.deleteRecursively(workDir);
    }
  }

  /** Renders the chart for this containerd, runs a pod with its exporter container, returns it. */
  private void start(String name, List<String> values) throws IOException {
    int port = freePort();
    List<String> args = new ArrayList<>(List.of(
        "--set", "criSocket=" + containerd.socketPath(),
        // This machine's mounts are private: HostToContainer would be refused here.
        "--set", "mountPropagation=None",
        "--set", "pollInterval=1s", "--set", "criTimeout=1s",
        "--set", "port=" + port));
    values.forEach(v -> args.addAll(List.of("--set", v)));
    Manifests rendered = Helm.installed().render(DeployEnvironment.chart(), args.toArray(String[]::new));

    RunningPod pod = containerd.pods().run(PodSpec.builder("cri-exporter-" + name).namespace("monitoring").build());
    Map<String, String> podLabels = Map.of(
        TestPods.POD_NAME_LABEL, pod.name(),
        TestPods.POD_NAMESPACE_LABEL, pod.namespace(),
        TestPods.POD_UID_LABEL, pod.uid());
    // The chart listens on all addresses of the pod; with the host network here, only loopback.
    ContainerConfig config = KubeletTranslation.containerConfig(rendered, image.ref(), podLabels,
        a -> a.equals("--web.listen-address=:" + port) ? "--web.listen-address=127.0.0.1:" + port : a);
    PodSandboxConfig sandbox = PodSandboxConfig.newBuilder()
        .setMetadata(PodSandboxMetadata.newBuilder().setName(pod.name()).setNamespace(pod.namespace())
            .setUid(pod.uid()).setAttempt(0))
        .setLogDirectory(pod.logDirectory().toString())
        .putAllLabels(podLabels)
        .setLinux(LinuxPodSandboxConfig.newBuilder()
            .setCgroupParent(pod.cgroupParent())
            .setSecurityContext(LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(
                NamespaceOption.newBuilder().setNetwork(NamespaceMode.NODE)
                    .setPid(NamespaceMode.CONTAINER).setIpc(NamespaceMode.POD))))
        .build();
    String id = createContainer(pod, config, sandbox);
    containerd.runtimeService().withDeadlineAfter(30, TimeUnit.SECONDS)
        .startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
    pods.put(name, new ExporterPod(name, values, port, pod, id));
  }

  /** CreateContainer, retried while the CRI plugin has not yet indexed the imported image. */
  private String createContainer(RunningPod pod, ContainerConfig config, PodSandboxConfig sandbox) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      try {
        return containerd.runtimeService().withDeadlineAfter(30, TimeUnit.SECONDS)
            .createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(pod.podSandboxId())
                .setConfig(config).setSandboxConfig(sandbox).build())
            .getContainerId();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND || System.nanoTime() > deadline) {
          throw new AssertionError("CreateContainer failed: " + e.getStatus() + System.lineSeparator()
              + containerd.logTail(30), e);
        }
        sleep(200);
      }
    }
  }

  @Test
  void theChartsDefaultPodReachesTheRuntimeAndReportsItsOwnContainer() throws Exception {
    ExporterPod p = pods.get("defaults");
    Map<String, Double> metrics = awaitMetrics(p, m -> m.getOrDefault("cri_runtime_up", 0.0) == 1.0
        && m.keySet().stream().anyMatch(k -> k.startsWith("container_cpu_usage_seconds_total{")
            && k.contains("container=\"cri-exporter\"") && k.contains("pod=\"cri-exporter-defaults\"")));
    assertThat(get(p.url("/readyz")).statusCode()).isEqualTo(200);
    assertThat(get(p.url("/healthz")).statusCode()).isEqualTo(200);
    // It sees the other exporter pods too: all the containers of this node.
    assertThat(metrics.keySet()).anyMatch(k -> k.startsWith("container_cpu_usage_seconds_total{")
        && k.contains("pod=\"cri-exporter-nonroot-group0\""));
    // A clean start: nothing failed to load or unpack.
    assertThat(containerLog(p)).doesNotContain(" ERROR ", "temporary directory", "UnsatisfiedLinkError");
    report(p, metrics);
  }

  @Test
  void theDefaultPodRunsAsUserZeroWithNothingElse() throws IOException {
    ExporterPod p = pods.get("defaults");
    awaitMetrics(p, m -> m.getOrDefault("cri_runtime_up", 0.0) == 1.0);
    long pid = pid(p);
    String status = Files.readString(Path.of("/proc/" + pid + "/status"));
    assertThat(field(status, "Uid")).startsWith("0\t0\t0\t0");
    assertThat(field(status, "CapEff")).as("effective capabilities").isEqualTo("0000000000000000");
    assertThat(field(status, "CapPrm")).as("permitted capabilities").isEqualTo("0000000000000000");
    assertThat(field(status, "CapBnd")).as("bounding set").isEqualTo("0000000000000000");
    assertThat(field(status, "NoNewPrivs")).isEqualTo("1");
    assertThat(field(status, "Seccomp")).as("seccomp filter mode").isEqualTo("2");

    // A read-only root filesystem, read-only host mounts, and the native libraries loaded from
    // the image rather than unpacked anywhere.
    List<String> mountinfo = Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo"));
    assertThat(mountOptions(mountinfo, "/")).contains("ro");
    assertThat(mountOptions(mountinfo, "/host/sys/fs/cgroup")).contains("ro");
    assertThat(mountOptions(mountinfo, "/host" + containerd.socketPath().getParent())).contains("ro");
    String maps = Files.readString(Path.of("/proc/" + pid + "/maps"));
    assertThat(maps).containsPattern("/opt/cri-exporter/lib/libio_grpc_netty_shaded_netty_transport_native_epoll_\\w+\\.so");
    assertThat(maps.lines().map(l -> l.replaceFirst("^(\\S+\\s+){5}", "")))
        .as("nothing mapped from a temporary directory").noneMatch(path -> path.startsWith("/tmp/"));
    assertThat(maps.lines().filter(l -> l.contains("jnidispatch"))).allMatch(l -> l.endsWith("/opt/cri-exporter/lib/libjnidispatch.so"));
  }

  @Test
  void nonRootWithTheSocketsGroupReachesTheRuntime() throws IOException {
    ExporterPod p = pods.get("nonroot-group0");
    Map<String, Double> metrics = awaitMetrics(p, m -> m.getOrDefault("cri_runtime_up", 0.0) == 1.0
        && m.keySet().stream().anyMatch(k -> k.startsWith("container_memory_working_set_bytes{")
            && k.contains("container=\"cri-exporter\"")));
    String status = Files.readString(Path.of("/proc/" + pid(p) + "/status"));
    assertThat(field(status, "Uid")).startsWith("65532\t65532");
    assertThat(field(status, "Gid")).startsWith("65532\t65532");
    assertThat(field(status, "Groups").split("\\s+")).contains("0");
    assertThat(field(status, "CapEff")).isEqualTo("0000000000000000");
    assertThat(metrics).containsKey("cri_runtime_up");
  }

  @Test
  void nonRootWithoutTheSocketsGroupCannotReachTheRuntime() throws IOException {
    ExporterPod p = pods.get("nonroot-nogroup");
    // It starts and serves, but every poll fails: the socket is root:root 0660.
    Map<String, Double> metrics = awaitMetrics(p, m -> m.containsKey("cri_runtime_up")
        && m.keySet().stream().anyMatch(k -> k.startsWith("cri_exporter_poll_errors_total{")));
    assertThat(metrics.get("cri_runtime_up")).isEqualTo(0.0);
    assertThat(metrics.keySet()).noneMatch(k -> k.startsWith("container_cpu_usage_seconds_total{"));
    Path log = p.pod().logDirectory().resolve("cri-exporter/0.log");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(Files.readString(log)).contains("container runtime not answering"));
    // The same socket answers the root pod, so the user alone made the difference.
    assertThat(awaitMetrics(pods.get("defaults"), m -> m.getOrDefault("cri_runtime_up", 0.0) == 1.0))
        .containsEntry("cri_runtime_up", 1.0);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private Map<String, Double> awaitMetrics(ExporterPod p, java.util.function.Predicate<Map<String, Double>> done) {
    List<Map<String, Double>> last = new ArrayList<>(List.of(Map.of()));
    try {
      await().atMost(STARTUP).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
        HttpResponse<String> response = get(p.url("/metrics"));
        if (response.statusCode() != 200) {
          return false;
        }
        last.set(0, parse(response.body()));
        return done.test(last.get(0));
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("pod " + p.name() + " did not get there; last scrape had " + last.get(0).size()
          + " series, cri_runtime_up=" + last.get(0).get("cri_runtime_up") + System.lineSeparator()
          + "--- container log ---" + System.lineSeparator() + containerLog(p), e);
    }
    return last.get(0);
  }

  /** Prints what the exporter costs here, for the chart's resource defaults. */
  private void report(ExporterPod p, Map<String, Double> metrics) throws IOException {
    Optional<Double> workingSet = metrics.entrySet().stream()
        .filter(e -> e.getKey().startsWith("container_memory_working_set_bytes{")
            && e.getKey().contains("pod=\"cri-exporter-" + p.name() + "\""))
        .map(Map.Entry::getValue).findFirst();
    String status = Files.readString(Path.of("/proc/" + pid(p) + "/status"));
    System.out.printf("exporter pod %s: resident %s, container working set %s, %d series%n", p.name(),
        field(status, "VmRSS"), workingSet.map(w -> String.format("%.1f MiB", w / 1048576.0)).orElse("n/a"),
        metrics.size());
  }

  private String containerLog(ExporterPod p) {
    try {
      Path log = p.pod().logDirectory().resolve("cri-exporter/0.log");
      return Files.exists(log) ? Files.readString(log) : "(no log at " + log + ")";
    } catch (IOException e) {
      return "(cannot read the log: " + e + ")";
    }
  }

  private long pid(ExporterPod p) {
    Map<String, String> info = containerd.runtimeService().withDeadlineAfter(10, TimeUnit.SECONDS)
        .containerStatus(ContainerStatusRequest.newBuilder().setContainerId(p.containerId()).setVerbose(true).build())
        .getInfoMap();
    return JsonParser.parseString(info.get("info")).getAsJsonObject().get("pid").getAsLong();
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Samples of a 0.0.4 text exposition: "name{labels}" (or "name") to value. */
  static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    Matcher m = SAMPLE.matcher(text);
    while (m.find()) {
      String value = m.group(3);
      samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)),
          switch (value) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
          });
    }
    return samples;
  }

  private static String field(String procStatus, String name) {
    return procStatus.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
        .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in /proc/<pid>/status"));
  }

  /** The per-mount options of the mount at {@code mountPoint} in a mountinfo listing. */
  private static List<String> mountOptions(List<String> mountinfo, String mountPoint) {
    for (String line : mountinfo) {
      String[] f = line.split(" ");
      if (f.length > 5 && f[4].equals(mountPoint)) {
        return List.of(f[5].split(","));
      }
    }
    throw new AssertionError("no mount at " + mountPoint + " in:" + System.lineSeparator() + String.join(System.lineSeparator(), mountinfo));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
