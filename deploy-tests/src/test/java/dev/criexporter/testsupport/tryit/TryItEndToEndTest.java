package dev.criexporter.testsupport.tryit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * try-it for real, as a separate process through the entry point scripts/try-it.sh runs: a
 * private containerd with the demo pods, the exporter and Prometheus come up, show what they
 * should, and {@code --down} leaves nothing behind, whether try-it is running or was killed.
 *
 * <p>Needs root, containerd, runc, busybox-static and prometheus (under {@code CI=true} their
 * absence fails the test; elsewhere it is skipped), and the exporter's jar, which the build makes
 * before this module (deploy-tests depends on the exporter): without it the test is skipped.
 */
@Tag("e2e")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TryItEndToEndTest {

  static final Duration UP_TIMEOUT = Duration.ofSeconds(60);
  static final Duration DOWN_TIMEOUT = Duration.ofSeconds(40);
  static final Pattern RESTARTED = Pattern.compile("restarter exited with code 1 after \\d+ s; started attempt (\\d+)"
      + " \\(container ([0-9a-f]{12})\\)");

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  Path projectDir;
  Path stateDir;
  Path scratch;
  int exporterPort;
  int prometheusPort;
  TryItProcess tryIt;

  @BeforeEach
  void requireANode() throws IOException {
    projectDir = Path.of("").toAbsolutePath().getParent();
    NodeRequirements.require(TryItOptions.parse(new String[] {"--project-dir=" + projectDir}, projectDir), System.getenv());
    scratch = Files.createTempDirectory("try-it-e2e-");
    stateDir = scratch.resolve("state");
    exporterPort = freePort();
    prometheusPort = freePort();
  }

  @AfterEach
  void leaveNothingBehind() throws Exception {
    if (tryIt != null && tryIt.process().isAlive()) {
      tryIt.process().destroy();
      tryIt.process().waitFor(30, TimeUnit.SECONDS);
    }
    if (stateDir != null && Files.exists(stateDir)) {
      down().awaitExit(DOWN_TIMEOUT);
    }
    if (scratch != null && HostState.mountPointsUnder(scratch).isEmpty()) {
      try (Stream<Path> files = Files.walk(scratch)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void comesUpWithThePodsInTheExporterAndPrometheusAndGoesDownWithoutATrace() throws Exception {
    tryIt = up();
    String upOutput = tryIt.awaitOutput("\"" + Guide.UP_LINE + "\"", out -> out.contains(Guide.UP_LINE), UP_TIMEOUT);
    assertThat(upOutput).contains("[1/6] checking prerequisites ... ok",
        "[6/6] waiting for Prometheus to scrape the exporter ... ok",
        "http://127.0.0.1:" + exporterPort + "/metrics", "http://127.0.0.1:" + prometheusPort + "/alerts");
    TryItState state = TryItState.readFrom(stateDir.resolve(TryItState.FILE_NAME)).orElseThrow();
    assertThat(state.owner().pid()).isEqualTo(tryIt.pid());
    List<Long> children = recordedChildren(state);
    assertThat(children).hasSize(3).allSatisfy(pid -> assertThat(running(pid)).as("pid %d runs", pid).isTrue());
    assertThat(RunProcesses.of(stateDir)).extracting(RunProcesses.RunProcess::kind).contains(RunProcesses.Kind.CONTAINERD,
        RunProcesses.Kind.SHIM, RunProcesses.Kind.EXPORTER, RunProcesses.Kind.PROMETHEUS);

    String metrics = get("http://127.0.0.1:" + exporterPort + "/metrics");
    assertThat(metrics).contains("cri_runtime_up 1");
    for (String container : DemoPods.CONTAINERS) {
      assertThat(series(metrics, "container_cpu_usage_seconds_total", container)).as(container).isNotEmpty();
    }
    assertThat(series(metrics, "container_spec_memory_limit_bytes", "grower")).singleElement()
        .satisfies(line -> assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .isEqualTo(64.0 * 1024 * 1024));

    // the restarter comes back as attempt 1, 2, ...: a new container id in the metrics
    Set<String> restartedIds = new TreeSet<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
    boolean seen = false;
    while (!seen) {
      Matcher m = RESTARTED.matcher(tryIt.output());
      while (m.find()) {
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(1);
        restartedIds.add(m.group(2));
      }
      String now = get("http://127.0.0.1:" + exporterPort + "/metrics");
      seen = series(now, "container_cpu_usage_seconds_total", DemoPods.RESTARTER).stream()
          .anyMatch(line -> restartedIds.stream().anyMatch(id -> line.contains("name=\"" + id)));
      assertThat(System.nanoTime()).as("a restarted restarter in the metrics; restarts seen: %s; output:%n%s",
          restartedIds, tryIt.output()).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(200);
    }

    JsonObject target = prometheusData("/api/v1/targets?state=active").getAsJsonArray("activeTargets").get(0)
        .getAsJsonObject();
    assertThat(target.get("scrapePool").getAsString()).isEqualTo(Session.JOB);
    assertThat(target.get("health").getAsString()).isEqualTo("up");
    List<String> ruleFiles = new ArrayList<>();
    int rules = 0;
    for (JsonElement group : prometheusData("/api/v1/rules").getAsJsonArray("groups")) {
      ruleFiles.add(group.getAsJsonObject().get("file").getAsString());
      rules += group.getAsJsonObject().getAsJsonArray("rules").size();
    }
    Path rulesFile = projectDir.resolve("alerts/cri-exporter.rules.yaml");
    assertThat(ruleFiles).isNotEmpty().allMatch(f -> f.equals(rulesFile.toString()));
    assertThat(rules).isEqualTo(Files.readAllLines(rulesFile).stream().filter(l -> l.strip().startsWith("- alert:")).count());
    for (String query : Guide.QUERIES) {
      JsonObject answer = JsonParser.parseString(get("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
          + URLEncoder.encode(query, StandardCharsets.UTF_8))).getAsJsonObject();
      assertThat(answer.get("status").getAsString()).as(query).isEqualTo("success");
    }

    long downStarted = System.nanoTime();
    TryItProcess down = down();
    assertThat(down.awaitExit(DOWN_TIMEOUT)).as(down.output()).isZero();
    assertThat(down.output()).contains("stopping try-it (pid " + tryIt.pid() + ")", "nothing left behind");
    assertThat(tryIt.awaitExit(Duration.ofSeconds(10))).isEqualTo(143); // ended by SIGTERM, after its cleanup
    assertThat(tryIt.output()).contains("stopping try-it and removing everything it started",
        "try-it stopped in", "nothing left behind");
    Matcher upIn = Pattern.compile(Pattern.quote(Guide.UP_LINE) + " \\(([0-9.]+ s)\\)").matcher(upOutput);
    System.out.printf("try-it was up in %s and down in %s%n", upIn.find() ? upIn.group(1) : "?",
        StepReporter.seconds(Duration.ofNanos(System.nanoTime() - downStarted)));
    assertNothingLeft(state, children);
  }

  @Test
  void downCleansUpAfterATryItThatWasKilled() throws Exception {
    tryIt = up();
    tryIt.awaitOutput("\"" + Guide.UP_LINE + "\"", out -> out.contains(Guide.UP_LINE), UP_TIMEOUT);
    TryItState state = TryItState.readFrom(stateDir.resolve(TryItState.FILE_NAME)).orElseThrow();
    List<Long> children = recordedChildren(state);

    tryIt.process().destroyForcibly(); // SIGKILL: no cleanup of its own
    assertThat(tryIt.awaitExit(Duration.ofSeconds(10))).isEqualTo(137);
    assertThat(children).allSatisfy(pid -> assertThat(running(pid)).as("orphan %d still runs", pid).isTrue());

    TryItProcess down = down();
    assertThat(down.awaitExit(DOWN_TIMEOUT)).as(down.output()).isZero();
    assertThat(down.output()).contains("try-it (pid " + tryIt.pid() + ") is not running any more; cleaning up what it left",
        "stopping exporter", "stopping Prometheus", "stopping containerd", "nothing left behind");
    assertNothingLeft(state, children);
  }

  // ---- helpers ---------------------------------------------------------------------------

  TryItProcess up() {
    return TryItProcess.start(scratch.resolve("up.out"), "--state-dir=" + stateDir, "--project-dir=" + projectDir,
        "--exporter-port=" + exporterPort, "--prometheus-port=" + prometheusPort,
        "--poll-interval=2s", "--restart-every=3s");
  }

  TryItProcess down() {
    return TryItProcess.start(scratch.resolve("down-" + System.nanoTime() + ".out"), "--down", "--state-dir=" + stateDir);
  }

  void assertNothingLeft(TryItState state, List<Long> children) {
    assertThat(RunProcesses.of(stateDir)).as("processes of the run").isEmpty();
    assertThat(children).allSatisfy(pid -> assertThat(running(pid)).as("pid %d runs", pid).isFalse());
    assertThat(HostState.mountPointsUnder(scratch)).as("mounts").isEmpty();
    List<String> podCgroups = state.list(TryItState.POD_CGROUPS);
    assertThat(podCgroups).hasSize(DemoPods.CONTAINERS.size());
    for (String podCgroup : podCgroups) {
      assertThat(HostState.existingCgroupDirs(podCgroup)).as(podCgroup).isEmpty();
    }
    assertThat(stateDir).doesNotExist();
  }

  static List<Long> recordedChildren(TryItState state) {
    List<Long> pids = new ArrayList<>();
    for (String key : List.of(TryItState.CONTAINERD_PID, TryItState.EXPORTER_PID, TryItState.PROMETHEUS_PID)) {
      OptionalLong pid = state.number(key);
      assertThat(pid).as(key).isPresent();
      pids.add(pid.getAsLong());
    }
    return pids;
  }

  static boolean running(long pid) {
    return ProcessHandle.of(pid).map(RunProcesses::isRunning).orElse(false);
  }

  /** The lines of {@code family} for a demo container. */
  static List<String> series(String metrics, String family, String container) {
    return metrics.lines().filter(l -> l.startsWith(family + "{") && l.contains("namespace=\"" + DemoPods.NAMESPACE + "\"")
        && l.contains("container=\"" + container + "\"")).toList();
  }

  JsonObject prometheusData(String path) throws Exception {
    JsonObject answer = JsonParser.parseString(get("http://127.0.0.1:" + prometheusPort + path)).getAsJsonObject();
    assertThat(answer.get("status").getAsString()).isEqualTo("success");
    return answer.getAsJsonObject("data");
  }

  String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
    return response.body();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

}
