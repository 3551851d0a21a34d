package dev.criexporter.testsupport.tryit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --down} and the cleanup of leftovers, where no containerd was ever started. */
class TeardownTest {

  @TempDir
  Path tmp;

  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  int down(Path stateDir) {
    return Teardown.down(TryItOptions.parse(new String[] {"--down", "--state-dir=" + stateDir}, tmp), out);
  }

  @Test
  void downWithoutAStateFileHasNothingToDo() {
    assertThat(down(tmp.resolve("state"))).isZero();
    assertThat(printed()).contains("try-it is not running: no " + tmp.resolve("state/try-it.state"));
  }

  @Test
  void downAfterAKilledTryItRemovesWhatItLeft() throws Exception {
    Path stateDir = Files.createDirectories(tmp.resolve("state"));
    Files.createDirectories(stateDir.resolve("prometheus/data"));
    Files.writeString(stateDir.resolve("exporter.log"), "log");
    TryItState.parse("pid=" + deadPid() + "\nstarted=1000\n")
        .withList(TryItState.POD_CGROUPS, List.of("/kubepods/besteffort/podno-such-" + System.nanoTime()))
        .writeTo(stateDir.resolve(TryItState.FILE_NAME));

    assertThat(down(stateDir)).isZero();

    assertThat(stateDir).doesNotExist();
    assertThat(printed()).contains("is not running any more; cleaning up what it left", "nothing left behind");
  }

  @Test
  void aStateFileThatIsNotOneIsNotTouched() throws Exception {
    Path stateDir = Files.createDirectories(tmp.resolve("state"));
    Files.writeString(stateDir.resolve(TryItState.FILE_NAME), "garbage\n");

    assertThat(down(stateDir)).isEqualTo(1);
    assertThat(stateDir.resolve(TryItState.FILE_NAME)).exists();
    assertThat(printed()).contains("is not a try-it state file");
  }

  @Test
  void theStateDirectoryGoesWithEverythingInIt() throws Exception {
    Path stateDir = Files.createDirectories(tmp.resolve("state"));
    Files.createDirectories(stateDir.resolve("a/b/c"));
    Files.writeString(stateDir.resolve("a/b/c/file"), "x");
    Files.writeString(stateDir.resolve(TryItState.FILE_NAME), "pid=1\nstarted=1\n");

    assertThat(Teardown.deleteStateDir(stateDir)).isEmpty();
    assertThat(stateDir).doesNotExist();
    assertThat(Teardown.deleteStateDir(stateDir)).isEmpty();
  }

  @Test
  void remainsNamesAStateDirectoryThatIsStillThere() throws Exception {
    Path stateDir = Files.createDirectories(tmp.resolve("state"));
    TryItState state = TryItState.parse("pid=" + deadPid() + "\nstarted=1000\n");

    assertThat(Teardown.remains(stateDir, state)).containsExactly("directory still there: " + stateDir);
  }

  static long deadPid() throws Exception {
    Process exited = new ProcessBuilder("true").start();
    exited.waitFor();
    return exited.pid();
  }
}
