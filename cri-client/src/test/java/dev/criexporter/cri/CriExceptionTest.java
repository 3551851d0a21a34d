package dev.criexporter.cri;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

class CriExceptionTest {

  private static CriException.Kind kindOf(Status s) {
    return CriException.from("ListContainers", s.asRuntimeException()).kind();
  }

  @Test
  void mapsTheStatusCodesCallersActOn() {
    assertThat(kindOf(Status.UNAVAILABLE.withDescription("connection refused")))
        .isEqualTo(CriException.Kind.UNAVAILABLE);
    assertThat(kindOf(Status.DEADLINE_EXCEEDED)).isEqualTo(CriException.Kind.DEADLINE_EXCEEDED);
    assertThat(kindOf(Status.UNIMPLEMENTED)).isEqualTo(CriException.Kind.UNIMPLEMENTED);
    assertThat(kindOf(Status.NOT_FOUND)).isEqualTo(CriException.Kind.NOT_FOUND);
    assertThat(kindOf(Status.INTERNAL.withDescription("http2 exception: first frame")))
        .isEqualTo(CriException.Kind.PROTOCOL);
    assertThat(kindOf(Status.INTERNAL.withDescription("container stats failed")))
        .isEqualTo(CriException.Kind.OTHER);
    assertThat(kindOf(Status.PERMISSION_DENIED)).isEqualTo(CriException.Kind.OTHER);
  }

  @Test
  void messageNamesMethodKindAndCode() {
    CriException e = CriException.from("ListContainerStats",
        Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded after 5s").asRuntimeException());
    assertThat(e.method()).isEqualTo("ListContainerStats");
    assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(e.getMessage()).contains("ListContainerStats", "deadline_exceeded", "after 5s");
    assertThat(e.kind().retriable()).isTrue();
    assertThat(CriException.Kind.UNIMPLEMENTED.retriable()).isFalse();
  }
}
