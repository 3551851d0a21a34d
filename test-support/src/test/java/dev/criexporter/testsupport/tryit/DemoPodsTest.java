package dev.criexporter.testsupport.tryit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.testsupport.containerd.ContainerSpec;
import dev.criexporter.testsupport.containerd.PodSpec;
import dev.criexporter.testsupport.containerd.QosClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoPodsTest {

  static final long MIB = 1024L * 1024;

  @Test
  void fourPodsInTheirOwnNamespaceEachWithOneContainerNamedLikeIt() {
    List<PodSpec> pods = DemoPods.specs(Duration.ofSeconds(20));

    assertThat(pods).extracting(PodSpec::name).containsExactly("burner", "grower", "idle", "restarter");
    for (PodSpec pod : pods) {
      assertThat(pod.namespace()).isEqualTo("try-it");
      assertThat(pod.containers()).extracting(ContainerSpec::name).containsExactly(pod.name());
      assertThat(pod.labels()).containsEntry("app", pod.name());
    }
    assertThat(pods).extracting(PodSpec::qosClass).containsExactly(QosClass.BURSTABLE, QosClass.BURSTABLE,
        QosClass.BEST_EFFORT, QosClass.BEST_EFFORT);
    assertThat(pods).extracting(PodSpec::uid).doesNotHaveDuplicates();
  }

  @Test
  void theBurnerIsLimitedToHalfACore() {
    ContainerSpec burner = DemoPods.specs(Duration.ofSeconds(20)).get(0).containers().get(0);

    assertThat(burner.cpuQuota()).hasValue(50_000);
    assertThat(burner.cpuPeriod()).hasValue(100_000);
  }

  @Test
  void theGrowerEndsJustOverNinetyPercentOfItsLimit() {
    ContainerSpec grower = DemoPods.grower();
    List<Integer> steps = DemoPods.growthSteps(DemoPods.GROWER_TARGET_MIB, DemoPods.GROWER_STEP_MIB);
    int total = steps.stream().mapToInt(Integer::intValue).sum();

    assertThat(grower.memoryLimitBytes()).hasValue(64 * MIB);
    assertThat(total).isEqualTo(58);
    assertThat(total / 64.0).isBetween(0.9, 0.92);
    assertThat(steps).allMatch(step -> step >= 1 && step <= 4);
    assertThat(grower.command()).first().isEqualTo("/bin/sh");
    assertThat(grower.command().get(2)).contains("of=/dev/shm/grown-$n", "for mib in 4 4 4", " 2; do",
        "sleep 3", "exec sleep 2147483647");
  }

  @Test
  void growthStepsAddUpToTheTarget() {
    assertThat(DemoPods.growthSteps(10, 4)).containsExactly(4, 4, 2);
    assertThat(DemoPods.growthSteps(8, 4)).containsExactly(4, 4);
    assertThat(DemoPods.growthSteps(1, 4)).containsExactly(1);
    assertThatThrownBy(() -> DemoPods.growthSteps(0, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theGrowerScriptWritesEachStepAsAFileOfItsSize(@TempDir Path dir) throws Exception {
    String script = DemoPods.growerScript(dir.toString(), List.of(2, 2, 1), 0, "exit 0");
    Process shell = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();

    assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(shell.exitValue()).isZero();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("grown-1", "grown-2", "grown-3");
    }
    assertThat(Files.size(dir.resolve("grown-1"))).isEqualTo(2 * MIB);
    assertThat(Files.size(dir.resolve("grown-3"))).isEqualTo(MIB);
  }

  @Test
  void theRestarterExitsWithAnErrorAfterTheGivenTime() {
    ContainerSpec restarter = DemoPods.restarter(Duration.ofSeconds(7));

    assertThat(restarter.name()).isEqualTo("restarter");
    assertThat(String.join(" ", restarter.command())).contains("sleep 7; exit 1");
  }
}
