package dev.criexporter.testsupport.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cri.v1.Container;
import dev.criexporter.cri.v1.ContainerFilter;
import dev.criexporter.cri.v1.ContainerState;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.ContainerStatsFilter;
import dev.criexporter.cri.v1.ListContainerStatsRequest;
import dev.criexporter.cri.v1.ListContainersRequest;
import dev.criexporter.cri.v1.ListPodSandboxRequest;
import dev.criexporter.cri.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub;
import dev.criexporter.cri.v1.VersionRequest;
import dev.criexporter.cri.v1.VersionResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs real pods in a private containerd and checks that closing the harness leaves nothing
 * behind: no process, mount, cgroup or file of the instance. Needs root and containerd; skipped
 * without them, failed under CI=true.
 */
@Tag("containerd")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrivateContainerdIntegrationTest {

  private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

  @TempDir
  Path tempDir;

  @Test
  void runsABurnerAndAMemoryHolderThenLeavesNothingBehind() throws Exception {
    Path workDir = tempDir.resolve("containerd");
    PrivateContainerd containerd = PrivateContainerd.startOrAbort(workDir);
    long pid = containerd.pid();
    RunningPod pod;
    try {
      RuntimeServiceBlockingStub cri = containerd.runtimeService();
      VersionResponse version = deadline(cri).version(VersionRequest.newBuilder().setVersion("v1").build());
      assertThat(version.getRuntimeName()).isEqualTo("containerd");
      assertThat(version.getRuntimeApiVersion()).isEqualTo("v1");

      TestPods pods = containerd.pods();
      pod = pods.run(PodSpec.builder("burner-pod")
          .namespace("e2e")
          .container(Workloads.cpuBurner("burner"))
          .container(Workloads.memoryHolder("holder"))
          .build());
      report(containerd, pod);

      Map<String, Container> containers = deadline(cri)
          .listContainers(ListContainersRequest.newBuilder()
              .setFilter(ContainerFilter.newBuilder().setPodSandboxId(pod.podSandboxId()))
              .build())
          .getContainersList().stream()
          .collect(Collectors.toMap(c -> c.getMetadata().getName(), Function.identity()));
      assertThat(containers).containsOnlyKeys("burner", "holder");
      for (Container container : containers.values()) {
        assertThat(container.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        assertThat(container.getLabelsMap())
            .containsEntry(TestPods.POD_NAME_LABEL, "burner-pod")
            .containsEntry(TestPods.POD_NAMESPACE_LABEL, "e2e")
            .containsEntry(TestPods.POD_UID_LABEL, pod.uid())
            .containsEntry(TestPods.CONTAINER_NAME_LABEL, container.getMetadata().getName());
      }

      List<ContainerStats> stats = deadline(cri)
          .listContainerStats(ListContainerStatsRequest.newBuilder()
              .setFilter(ContainerStatsFilter.newBuilder().setPodSandboxId(pod.podSandboxId()))
              .build())
          .getStatsList();
      assertThat(stats).extracting(s -> s.getAttributes().getId())
          .containsExactlyInAnyOrder(pod.containerId("burner"), pod.containerId("holder"));
      assertThat(stats).allSatisfy(s -> assertThat(s.getAttributes().getLabelsMap())
          .containsEntry(TestPods.POD_UID_LABEL, pod.uid()));

      String burnerCgroup = pod.containerCgroupPath("burner");
      assertThat(burnerCgroup).isEqualTo("/kubepods/burstable/pod" + pod.uid() + "/" + pod.containerId("burner"));
      assertThat(readCgroupFile("cpu", burnerCgroup, "cpu.cfs_quota_us")).isEqualTo("50000");
      assertThat(readCgroupFile("cpu", burnerCgroup, "cpu.cfs_period_us")).isEqualTo("100000");
      assertThat(readCgroupFile("memory", pod.containerCgroupPath("holder"), "memory.limit_in_bytes"))
          .isEqualTo(Long.toString(Workloads.HOLDER_MEMORY_LIMIT_BYTES));

      awaitCgroupValue("memory", pod.containerCgroupPath("holder"), "memory.usage_in_bytes",
          Workloads.HOLDER_SHM_BYTES + Workloads.HOLDER_TMP_BYTES);
      awaitThrottling(burnerCgroup);

      HttpResponse<String> metrics = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(containerd.metricsUri()).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("container_id=\"" + pod.containerId("burner") + "\"");

      pods.remove(pod);
      assertThat(deadline(cri).listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()).isEmpty();
      assertThat(podCgroupDirectories(pod.cgroupParent()))
          .as("runc removes container cgroups; the pod level stays until close()")
          .isNotEmpty()
          .allSatisfy(dir -> assertThat(subdirectories(dir)).isEmpty());
    } catch (Throwable t) {
      closeAfterFailure(containerd, t);
      throw t;
    }

    long closeStarted = System.nanoTime();
    containerd.close();
    System.out.printf("close(): %d ms%n", Duration.ofNanos(System.nanoTime() - closeStarted).toMillis());
    containerd.close(); // idempotent

    assertNothingLeft(containerd, workDir, pid, pod.cgroupParent());
  }

  @Test
  void cleansUpByForceAfterContainerdWasKilled() throws Exception {
    Path workDir = tempDir.resolve("killed");
    PrivateContainerd containerd = PrivateContainerd.startOrAbort(workDir);
    long pid = containerd.pid();
    RunningPod pod;
    try {
      pod = containerd.pods().run(PodSpec.builder("orphan")
          .qosClass(QosClass.BEST_EFFORT)
          .container(Workloads.idleSleeper("sleeper"))
          .build());
      containerd.kill9();
      assertThat(containerd.isRunning()).isFalse();
      assertThat(containerd.liveShims()).as("shims outlive containerd").isNotEmpty();
      assertThat(containerd.remainingMounts()).as("the container's root filesystem stays mounted").isNotEmpty();
    } catch (Throwable t) {
      closeAfterFailure(containerd, t);
      throw t;
    }
    long closeStarted = System.nanoTime();
    containerd.close();
    System.out.printf("close() after kill9: %d ms%n", Duration.ofNanos(System.nanoTime() - closeStarted).toMillis());

    assertThat(pod.cgroupParent()).startsWith("/kubepods/besteffort/pod");
    assertNothingLeft(containerd, workDir, pid, pod.cgroupParent());
  }

  @Test
  void restartPicksUpRunningContainers() {
    try (PrivateContainerd containerd = PrivateContainerd.startOrAbort(tempDir.resolve("restarted"))) {
      RunningPod pod = containerd.pods().run(PodSpec.builder("survivor")
          .container(Workloads.idleSleeper("sleeper"))
          .build());
      long firstPid = containerd.pid();

      containerd.kill9();
      containerd.restart();

      assertThat(containerd.pid()).isNotEqualTo(firstPid);
      List<Container> containers = deadline(containerd.runtimeService())
          .listContainers(ListContainersRequest.getDefaultInstance())
          .getContainersList();
      assertThat(containers).singleElement().satisfies(c -> {
        assertThat(c.getId()).isEqualTo(pod.containerId("sleeper"));
        assertThat(c.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
      });
      System.out.printf("restart after kill9: ready in %d ms%n", containerd.startupTimes().untilReady().toMillis());
    }
  }

  private static void closeAfterFailure(PrivateContainerd containerd, Throwable failure) {
    try {
      containerd.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void assertNothingLeft(PrivateContainerd containerd, Path workDir, long pid, String podCgroup)
      throws IOException {
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("containerd process").isEmpty();
    assertThat(containerd.liveShims()).as("shims of this instance").isEmpty();
    assertThat(processesMentioning(workDir.toString())).as("processes mentioning the work directory").isEmpty();
    assertThat(containerd.remainingMounts()).as("mounts under the work directory").isEmpty();
    assertThat(mountsMentioning(workDir.toString())).as("mountinfo lines mentioning the work directory").isEmpty();
    assertThat(podCgroupDirectories(podCgroup)).as("pod cgroup directories").isEmpty();
    assertThat(containerd.remainingPodCgroupDirectories()).isEmpty();
    assertThat(workDir).doesNotExist();
  }

  private static void report(PrivateContainerd containerd, RunningPod pod) {
    System.out.printf("start: ready %d ms, image import %d ms; RunPodSandbox %d ms; %s%n",
        containerd.startupTimes().untilReady().toMillis(), containerd.startupTimes().imageImport().toMillis(),
        pod.runPodSandboxTime().toMillis(),
        pod.containerTimes().entrySet().stream()
            .map(e -> e.getKey() + ": CreateContainer " + e.getValue().create().toMillis()
                + " ms, StartContainer " + e.getValue().start().toMillis() + " ms")
            .collect(Collectors.joining("; ")));
  }

  private static RuntimeServiceBlockingStub deadline(RuntimeServiceBlockingStub stub) {
    return stub.withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** Waits until a single-number cgroup file reaches {@code atLeast}. */
  private static void awaitCgroupValue(String controller, String cgroupPath, String file, long atLeast)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long value;
    do {
      value = Long.parseLong(readCgroupFile(controller, cgroupPath, file));
      if (value >= atLeast) {
        return;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(controller + cgroupPath + "/" + file + " stayed at " + value + ", below " + atLeast);
  }

  private static void awaitThrottling(String burnerCgroup) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cpuStat(burnerCgroup).getOrDefault("nr_throttled", 0L) == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the burner was never throttled: " + cpuStat(burnerCgroup));
      }
      Thread.sleep(50);
    }
  }

  private static Map<String, Long> cpuStat(String cgroupPath) throws IOException {
    return readCgroupFile("cpu", cgroupPath, "cpu.stat").lines()
        .map(line -> line.split(" "))
        .collect(Collectors.toMap(kv -> kv[0], kv -> Long.parseLong(kv[1])));
  }

  private static String readCgroupFile(String controller, String cgroupPath, String file) throws IOException {
    return Files.readString(CGROUP_ROOT.resolve(controller).resolve(cgroupPath.substring(1)).resolve(file),
        StandardCharsets.US_ASCII).strip();
  }

  /** The pod's cgroup directory in every mounted hierarchy where it exists. */
  private static List<Path> podCgroupDirectories(String podCgroup) throws IOException {
    List<Path> found = new ArrayList<>();
    for (Path hierarchy : MountTable.read().cgroupHierarchies()) {
      Path dir = hierarchy.resolve(podCgroup.substring(1));
      if (Files.exists(dir)) {
        found.add(dir);
      }
    }
    return found;
  }

  private static List<Path> subdirectories(Path dir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
      List<Path> dirs = new ArrayList<>();
      entries.forEach(dirs::add);
      return dirs;
    }
  }

  private static List<String> processesMentioning(String text) throws IOException {
    List<String> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"),
        p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path entry : entries) {
        try {
          String cmdline = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8)
              .replace('\0', ' ');
          if (cmdline.contains(text)) {
            found.add(entry.getFileName() + ": " + cmdline);
          }
        } catch (IOException e) {
          // exited meanwhile
        }
      }
    }
    return found;
  }

  private static List<String> mountsMentioning(String text) throws IOException {
    return Files.readAllLines(MountTable.SELF_MOUNTINFO).stream().filter(line -> line.contains(text)).toList();
  }
}
