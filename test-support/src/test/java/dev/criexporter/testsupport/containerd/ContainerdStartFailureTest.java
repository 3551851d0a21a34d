package dev.criexporter.testsupport.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up failures, with stand-in containerd scripts: the exception names the cause and ends
 * with containerd's output, and nothing is left behind. Needs the same prerequisites as a real
 * start (root, runc and the shim on PATH), which are checked first: skipped without them,
 * failed under CI=true.
 */
class ContainerdStartFailureTest {

  @TempDir
  Path tempDir;

  private Path busybox;

  @BeforeEach
  void requirePrerequisites() throws Exception {
    busybox = Files.write(tempDir.resolve("busybox"), TestElf.staticAmd64());
    List<String> missing = ContainerdAvailability.missingPrerequisites(Path.of("/bin/sh"), Path.of("/bin/sh"),
        Path.of("/bin/sh"), ContainerdAvailability.searchPath(System.getenv("PATH")),
        ContainerdAvailability.effectiveUid());
    if (!missing.isEmpty()) {
      throw ContainerdAvailability.failOrSkip(String.join("; ", missing), System.getenv());
    }
  }

  @Test
  void containerdThatExitsIsReportedWithItsOutput() throws Exception {
    Path fake = script("echo 'level=fatal msg=\"failed to load config: bad\"'; exit 3");
    Path workDir = tempDir.resolve("w");

    assertThatThrownBy(() -> builder(workDir, fake).start())
        .isInstanceOf(ContainerdStartException.class)
        .hasMessageContaining("exited with code 3")
        .hasMessageContaining("failed to load config: bad");
    assertThat(workDir).doesNotExist();
  }

  @Test
  void containerdThatNeverAnswersIsKilledAfterTheTimeout() throws Exception {
    Path pidFile = tempDir.resolve("fake.pid");
    Path fake = script("echo $$ > " + pidFile + "; echo 'still starting'; exec sleep 600");
    Path workDir = tempDir.resolve("w");

    assertThatThrownBy(() -> builder(workDir, fake).readyTimeout(Duration.ofMillis(800)).start())
        .isInstanceOf(ContainerdStartException.class)
        .hasMessageContaining("did not answer the CRI within 800 ms")
        .hasMessageContaining("still starting");
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(workDir).doesNotExist();
  }

  private PrivateContainerd.Builder builder(Path workDir, Path fakeContainerd) {
    return PrivateContainerd.builder(workDir)
        .containerdBinary(fakeContainerd)
        .ctrBinary(Path.of("/bin/true"))
        .busyboxBinary(busybox);
  }

  private Path script(String body) throws Exception {
    Path script = Files.writeString(tempDir.resolve("fake-containerd-" + System.nanoTime()), "#!/bin/sh\n" + body + "\n");
    assertThat(script.toFile().setExecutable(true)).isTrue();
    return script;
  }
}
