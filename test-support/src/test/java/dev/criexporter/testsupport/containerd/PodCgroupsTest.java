package dev.criexporter.testsupport.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exercised on plain directories standing in for cgroup hierarchies. */
class PodCgroupsTest {

  @TempDir
  Path root;

  @Test
  void acceptsOnlyKubeletPodCgroups() {
    assertThat(PodCgroups.isPodCgroup("/kubepods/burstable/pod0d3c-11_aa")).isTrue();
    assertThat(PodCgroups.isPodCgroup("/kubepods/besteffort/podx")).isTrue();
    assertThat(PodCgroups.isPodCgroup("/kubepods/podx")).isTrue();
    assertThat(PodCgroups.isPodCgroup("/")).isFalse();
    assertThat(PodCgroups.isPodCgroup("/kubepods")).isFalse();
    assertThat(PodCgroups.isPodCgroup("/kubepods/burstable")).isFalse();
    assertThat(PodCgroups.isPodCgroup("/k8s.io/abc")).isFalse();
    assertThat(PodCgroups.isPodCgroup("/kubepods/burstable/pod1/../..")).isFalse();
  }

  @Test
  void refusesToTrackAnythingElse() {
    PodCgroups cgroups = new PodCgroups(List.of(root.resolve("cpu")));

    assertThatThrownBy(() -> cgroups.track("/system.slice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/system.slice");
  }

  @Test
  void removesPodTreesInEveryHierarchyAndTheAncestorsItCreated() throws Exception {
    Path cpu = Files.createDirectories(root.resolve("cpu"));
    Path memory = Files.createDirectories(root.resolve("memory"));
    PodCgroups cgroups = new PodCgroups(List.of(cpu, memory));
    cgroups.track("/kubepods/burstable/poda");
    for (Path hierarchy : List.of(cpu, memory)) {
      Files.createDirectories(hierarchy.resolve("kubepods/burstable/poda/container1"));
      Files.createDirectories(hierarchy.resolve("kubepods/burstable/poda/sandbox"));
    }
    assertThat(cgroups.existingDirectories()).hasSize(2);

    List<String> problems = cgroups.removeAll(Duration.ofSeconds(1));

    assertThat(problems).isEmpty();
    assertThat(cgroups.existingDirectories()).isEmpty();
    assertThat(cpu.resolve("kubepods")).doesNotExist();
    assertThat(memory.resolve("kubepods")).doesNotExist();
  }

  @Test
  void leavesAncestorsThatExistedBefore() throws Exception {
    Path cpu = Files.createDirectories(root.resolve("cpu/kubepods/besteffort"));
    PodCgroups cgroups = new PodCgroups(List.of(root.resolve("cpu")));
    cgroups.track("/kubepods/besteffort/podb");
    Files.createDirectories(cpu.resolve("podb/c"));

    assertThat(cgroups.removeAll(Duration.ofSeconds(1))).isEmpty();

    assertThat(cpu.resolve("podb")).doesNotExist();
    assertThat(cpu).isDirectory();
  }

  @Test
  void reportsWhatCannotBeRemoved() throws Exception {
    Path cpu = Files.createDirectories(root.resolve("cpu"));
    PodCgroups cgroups = new PodCgroups(List.of(cpu));
    cgroups.track("/kubepods/podc");
    Path pod = Files.createDirectories(cpu.resolve("kubepods/podc"));
    Files.writeString(pod.resolve("a-file-no-cgroup-has"), "x");

    List<String> problems = cgroups.removeAll(Duration.ofMillis(200));

    assertThat(problems).singleElement().asString().contains(pod.toString());
  }
}
