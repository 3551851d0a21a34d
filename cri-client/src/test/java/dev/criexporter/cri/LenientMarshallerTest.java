package dev.criexporter.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.criexporter.cri.v1.Container;
import dev.criexporter.cri.v1.ContainerMetadata;
import dev.criexporter.cri.v1.ListContainersResponse;
import dev.criexporter.cri.v1.RuntimeServiceGrpc;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LenientMarshallerTest {

  static final LenientMarshaller<ListContainersResponse> MARSHALLER = new LenientMarshaller<>(
      RuntimeServiceGrpc.getListContainersMethod().getResponseMarshaller());

  static byte[] replaceOnce(byte[] in, String from, byte[] to) {
    byte[] f = from.getBytes(StandardCharsets.UTF_8);
    assertThat(to).hasSameSizeAs(f);
    outer:
    for (int i = 0; i + f.length <= in.length; i++) {
      for (int j = 0; j < f.length; j++) {
        if (in[i + j] != f[j]) {
          continue outer;
        }
      }
      byte[] out = in.clone();
      System.arraycopy(to, 0, out, i, to.length);
      return out;
    }
    throw new AssertionError(from + " not found");
  }

  static ListContainersResponse answer() {
    return ListContainersResponse.newBuilder()
        .addContainers(Container.newBuilder().setId("a".repeat(64))
            .setMetadata(ContainerMetadata.newBuilder().setName("web").setAttempt(2))
            .putLabels("io.kubernetes.pod.name", "shop-web-1")
            .putAnnotations("note", "fine"))
        .addContainers(Container.newBuilder().setId("b".repeat(64))
            .setMetadata(ContainerMetadata.newBuilder().setName("db-xyz"))
            .setUnknownFields(UnknownFieldSet.newBuilder().addField(999,
                UnknownFieldSet.Field.newBuilder().addVarint(42).build()).build()))
        .build();
  }

  @Test
  void validAnswersParseAsBefore() {
    ListContainersResponse a = answer();
    assertThat(MARSHALLER.parse(new ByteArrayInputStream(a.toByteArray()))).isEqualTo(a);
  }

  @Test
  void invalidUtf8InAMapValueOrAStringIsReplacedAndNothingElseChanges() throws Exception {
    byte[] bytes = answer().toByteArray();
    byte[] broken = replaceOnce(bytes, "shop-web-1", new byte[] {'s', (byte) 0xC3, 0x28, 'p',
        '-', 'w', 'e', 'b', '-', (byte) 0xFF});
    broken = replaceOnce(broken, "db-xyz", new byte[] {'d', 'b', '-', (byte) 0xE2, (byte) 0x82,
        'z'});
    final byte[] corrupt = broken;
    assertThatThrownBy(() -> ListContainersResponse.parseFrom(corrupt))
        .isInstanceOf(InvalidProtocolBufferException.class).hasMessageContaining("UTF-8");

    long before = LenientMarshaller.REPAIRED.get();
    ListContainersResponse r = MARSHALLER.parse(new ByteArrayInputStream(corrupt));
    assertThat(LenientMarshaller.REPAIRED.get()).isEqualTo(before + 1);
    assertThat(r.getContainersCount()).isEqualTo(2);
    Container web = r.getContainers(0);
    assertThat(web.getLabelsMap().get("io.kubernetes.pod.name")).isEqualTo("s\uFFFD(p-web-\uFFFD");
    assertThat(web.getAnnotationsMap()).containsEntry("note", "fine");
    assertThat(web.getMetadata().getAttempt()).isEqualTo(2);
    Container db = r.getContainers(1);
    assertThat(db.getMetadata().getName()).startsWith("db-").contains("\uFFFD").endsWith("z");
    assertThat(db.getUnknownFields().getField(999).getVarintList()).containsExactly(42L);
    assertThat(r.toBuilder().clearContainers().build()).isEqualTo(
        answer().toBuilder().clearContainers().build());
  }

  @Test
  void otherDamageStillFailsTheCall() {
    byte[] bytes = answer().toByteArray();
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 5);
    assertThatThrownBy(() -> MARSHALLER.parse(new ByteArrayInputStream(truncated)))
        .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("invalid answer");
  }
}
