package dev.criexporter.simulator.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cri.v1.VersionRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NotACriServerTest {

  @TempDir
  Path dir;

  private static Status.Code versionCall(Path socket, Duration deadline) throws Exception {
    try (CriTestClient client = new CriTestClient(socket)) {
      client.stub(deadline).version(VersionRequest.getDefaultInstance());
      throw new AssertionError("a call to " + socket + " succeeded");
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void aServerThatClosesAtOnceIsUnavailable() throws Exception {
    Path socket = dir.resolve("run/closing.sock");
    try (NotACriServer wrong = NotACriServer.start(socket, NotACriServer.Behaviour.CLOSE_AT_ONCE)) {
      assertThat(versionCall(socket, Duration.ofSeconds(3))).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(wrong.connections()).isPositive();
    }
    assertThat(socket).doesNotExist();
  }

  @ParameterizedTest
  @EnumSource(value = NotACriServer.Behaviour.class, names = {"HTTP_1_1", "GARBAGE"})
  void aServerThatAnswersSomethingElseIsAnInternalError(NotACriServer.Behaviour behaviour) throws Exception {
    Path socket = dir.resolve("run/wrong.sock");
    try (NotACriServer wrong = NotACriServer.start(socket, behaviour)) {
      assertThat(versionCall(socket, Duration.ofSeconds(3))).isEqualTo(Status.Code.INTERNAL);
      assertThat(wrong.connections()).isEqualTo(1);
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  void aSilentServerRunsIntoTheDeadline() throws Exception {
    Path socket = dir.resolve("silent.sock");
    try (NotACriServer silent = NotACriServer.start(socket, NotACriServer.Behaviour.SILENT)) {
      assertThat(versionCall(socket, Duration.ofMillis(500))).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(silent.connections()).isEqualTo(1);
    }
  }

  @Test
  void aStaleSocketOrNoSocketIsUnavailable() throws Exception {
    Path stale = dir.resolve("stale/crio.sock");
    NotACriServer.leaveStaleSocket(stale);
    assertThat(stale).exists();
    assertThat(versionCall(stale, Duration.ofSeconds(3))).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(versionCall(dir.resolve("nothing-here.sock"), Duration.ofSeconds(3)))
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThatThrownBy(() -> NotACriServer.start(dir.resolve("y".repeat(120)), NotACriServer.Behaviour.SILENT))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
