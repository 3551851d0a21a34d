package dev.criexporter.testsupport.tryit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TryItStateTest {

  @TempDir
  Path dir;

  @Test
  void aStateOwnedByThisProcessNamesItsPidAndStartTime() {
    TryItState state = TryItState.ownedBy(ProcessHandle.current());

    assertThat(state.owner().pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(OptionalLong.of(state.owner().startMillis())).isEqualTo(TryItState.startMillis(ProcessHandle.current()));
    assertThat(state.owner().isAlive()).isTrue();
  }

  @Test
  void theSamePidWithAnotherStartTimeIsNotTheOwner() {
    // what a PID reused after the owner died looks like
    TryItState state = TryItState.parse("pid=" + ProcessHandle.current().pid() + "\nstarted=1000\n");

    assertThat(state.owner().isAlive()).isFalse();
  }

  @Test
  void anExitedProcessIsNotTheOwner() throws Exception {
    Process exited = new ProcessBuilder("true").start();
    exited.waitFor();
    TryItState state = TryItState.parse("pid=" + exited.pid() + "\nstarted=" + System.currentTimeMillis() + "\n");

    assertThat(state.owner().isAlive()).isFalse();
  }

  @Test
  void writtenStateReadsBackTheSame() {
    TryItState state = TryItState.ownedBy(ProcessHandle.current())
        .with(TryItState.CONTAINERD_DIR, dir.resolve("containerd"))
        .with(TryItState.EXPORTER_PORT, 9758)
        .withList(TryItState.POD_CGROUPS, List.of("/kubepods/burstable/poda", "/kubepods/besteffort/podb"))
        .withList(TryItState.CREATED_CGROUP_ANCESTORS, List.of());
    Path file = dir.resolve(TryItState.FILE_NAME);

    state.writeTo(file);
    TryItState read = TryItState.readFrom(file).orElseThrow();

    assertThat(read).isEqualTo(state);
    assertThat(read.path(TryItState.CONTAINERD_DIR)).contains(dir.resolve("containerd"));
    assertThat(read.number(TryItState.EXPORTER_PORT)).hasValue(9758);
    assertThat(read.number(TryItState.EXPORTER_PID)).isEmpty();
    assertThat(read.list(TryItState.POD_CGROUPS)).containsExactly("/kubepods/burstable/poda", "/kubepods/besteffort/podb");
    assertThat(read.list(TryItState.CREATED_CGROUP_ANCESTORS)).isEmpty();
    assertThat(dir.resolve(TryItState.FILE_NAME + ".tmp")).doesNotExist();
  }

  @Test
  void theFileIsReadableKeyValueText() throws Exception {
    Path file = dir.resolve(TryItState.FILE_NAME);
    TryItState.parse("pid=42\nstarted=1000\n").with(TryItState.EXPORTER_PID, 43).writeTo(file);

    assertThat(Files.readAllLines(file)).containsExactly(
        "# cri-exporter try-it: what this run started; scripts/try-it.sh --down reads it",
        "pid=42", "started=1000", "exporter-pid=43");
  }

  @Test
  void rewritingReplacesTheWholeFile() {
    Path file = dir.resolve(TryItState.FILE_NAME);
    TryItState first = TryItState.parse("pid=42\nstarted=1000\n").with(TryItState.EXPORTER_PID, 43);
    first.writeTo(file);
    TryItState second = first.with(TryItState.EXPORTER_PID, 44);
    second.writeTo(file);

    assertThat(TryItState.readFrom(file)).contains(second);
  }

  @Test
  void noFileIsNoState() {
    assertThat(TryItState.readFrom(dir.resolve("absent"))).isEmpty();
  }

  @Test
  void aFileThatIsNotAStateIsRejectedWithItsName() throws Exception {
    Path file = Files.writeString(dir.resolve(TryItState.FILE_NAME), "pid=42\nthis is not a state\n");
    assertThatThrownBy(() -> TryItState.readFrom(file))
        .hasMessageContaining(file + " is not a try-it state file")
        .hasMessageContaining("line 2");

    Files.writeString(file, "containerd-pid=42\n");
    assertThatThrownBy(() -> TryItState.readFrom(file)).hasMessageContaining("no pid");
  }

  @Test
  void entriesCannotBreakTheFormat() {
    TryItState state = TryItState.parse("pid=1\nstarted=1\n");
    assertThatThrownBy(() -> state.with("Bad Key", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> state.with("key", "two\nlines")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> state.withList("key", List.of("a,b"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TryItState.parse("pid=x\nstarted=1\n")).hasMessageContaining("not a number");
  }
}
