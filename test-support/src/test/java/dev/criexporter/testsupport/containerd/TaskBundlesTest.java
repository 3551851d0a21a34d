package dev.criexporter.testsupport.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskBundlesTest {

  private static final String SPEC = "{\"ociVersion\":\"1.0.2-dev\",\"process\":{\"args\":[\"/bin/sleep\"]},"
      + "\"linux\":{\"resources\":{\"memory\":{\"limit\":268435456}},"
      + "\"cgroupsPath\":\"/kubepods/burstable/pod1234/abcd\",\"namespaces\":[{\"type\":\"pid\"}]}}";

  @TempDir
  Path state;

  @Test
  void readsCgroupAndShimSocketOfEachTask() throws Exception {
    Path bundle = Files.createDirectories(state.resolve("io.containerd.runtime.v2.task/k8s.io/abcd"));
    Files.writeString(bundle.resolve("config.json"), SPEC);
    Files.writeString(bundle.resolve("address"), "unix:///run/containerd/s/0a5b88fe\n");
    Files.createDirectories(state.resolve("io.containerd.runtime.v2.task/k8s.io/empty"));

    assertThat(TaskBundles.scan(state)).containsExactlyInAnyOrder(
        new TaskBundles.Bundle("abcd", Optional.of("/kubepods/burstable/pod1234/abcd"),
            Optional.of(Path.of("/run/containerd/s/0a5b88fe"))),
        new TaskBundles.Bundle("empty", Optional.empty(), Optional.empty()));
  }

  @Test
  void parentCgroupIsThePodLevel() {
    TaskBundles.Bundle bundle = new TaskBundles.Bundle("abcd", Optional.of("/kubepods/burstable/pod1234/abcd"),
        Optional.empty());

    assertThat(bundle.parentCgroup()).contains("/kubepods/burstable/pod1234");
  }

  @Test
  void acceptsOnlyContainerdShimSockets() {
    assertThat(TaskBundles.shimSocketOf("unix:///run/containerd/s/ff")).contains(Path.of("/run/containerd/s/ff"));
    assertThat(TaskBundles.shimSocketOf("unix:///etc/passwd")).isEmpty();
    assertThat(TaskBundles.shimSocketOf("unix:///run/containerd/s/../../../etc/passwd")).isEmpty();
  }

  @Test
  void specWithoutCgroupsPathGivesNothing() {
    assertThat(TaskBundles.cgroupsPathOf("{\"linux\":{}}")).isEmpty();
    assertThat(TaskBundles.cgroupsPathOf("not json")).isEmpty();
  }

  @Test
  void missingStateDirectoryHasNoBundles() {
    assertThat(TaskBundles.scan(state.resolve("absent"))).isEmpty();
  }
}
