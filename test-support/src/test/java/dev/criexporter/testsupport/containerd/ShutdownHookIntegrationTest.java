package dev.criexporter.testsupport.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that starts a private containerd and is then terminated without closing it leaves
 * nothing behind: the shutdown hook cleans up. Needs root and containerd; skipped without them,
 * failed under CI=true.
 */
@Tag("containerd")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShutdownHookIntegrationTest {

  @TempDir
  Path tempDir;

  @Test
  void terminatedJvmLeavesNothingBehind() throws Exception {
    requireContainerd();
    Path workDir = tempDir.resolve("abandoned");
    Path output = tempDir.resolve("probe.out");
    Process probe = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        ShutdownHookProbe.class.getName(), workDir.toString())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .redirectInput(new File("/dev/null"))
        .start();
    String[] ready;
    try {
      ready = awaitReadyLine(probe, output).split(" ");
    } finally {
      probe.destroy(); // SIGTERM: the JVM runs its shutdown hooks
      if (!probe.waitFor(30, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
      }
    }
    long containerdPid = Long.parseLong(ready[1]);
    String podCgroup = ready[2];

    assertThat(Files.readString(output)).contains("cleaning up from the shutdown hook");
    assertThat(ProcessHandle.of(containerdPid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(ShimProcesses.of(workDir.resolve("containerd.sock"))).isEmpty();
    assertThat(MountTable.read().mountPointsUnder(workDir)).isEmpty();
    for (Path hierarchy : MountTable.read().cgroupHierarchies()) {
      assertThat(hierarchy.resolve(podCgroup.substring(1))).doesNotExist();
    }
    assertThat(workDir).doesNotExist();
  }

  private static void requireContainerd() {
    List<String> missing = ContainerdAvailability.missingPrerequisites(Path.of("/usr/bin/containerd"),
        Path.of("/usr/bin/ctr"), BusyboxImage.DEFAULT_BUSYBOX,
        ContainerdAvailability.searchPath(System.getenv("PATH")), ContainerdAvailability.effectiveUid());
    if (!missing.isEmpty()) {
      throw ContainerdAvailability.failOrSkip(String.join("; ", missing), System.getenv());
    }
  }

  private static String awaitReadyLine(Process probe, Path output) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (System.nanoTime() < deadline) {
      Optional<String> ready = Files.readAllLines(output, StandardCharsets.UTF_8).stream()
          .filter(line -> line.startsWith("READY "))
          .findFirst();
      if (ready.isPresent()) {
        return ready.get();
      }
      if (!probe.isAlive()) {
        throw new AssertionError("probe JVM exited with " + probe.exitValue() + ":\n" + Files.readString(output));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("probe JVM not ready within 40 s:\n" + Files.readString(output));
  }
}
