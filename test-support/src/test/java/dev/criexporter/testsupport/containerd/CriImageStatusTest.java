package dev.criexporter.testsupport.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.criexporter.cri.v1.ImageSpec;
import org.junit.jupiter.api.Test;

class CriImageStatusTest {

  @Test
  void requestCarriesTheImageSpecAsFieldOne() throws Exception {
    byte[] request = CriImageStatus.request("docker.io/library/x:1");

    ByteString spec = UnknownFieldSet.parseFrom(request).getField(1).getLengthDelimitedList().get(0);
    assertThat(ImageSpec.parseFrom(spec).getImage()).isEqualTo("docker.io/library/x:1");
  }

  @Test
  void readsTheImageIdFromTheResponse() {
    UnknownFieldSet image = UnknownFieldSet.newBuilder()
        .addField(1, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("sha256:abc")).build())
        .addField(2, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("x:1")).build())
        .build();
    UnknownFieldSet response = UnknownFieldSet.newBuilder()
        .addField(1, UnknownFieldSet.Field.newBuilder().addLengthDelimited(image.toByteString()).build())
        .build();

    assertThat(CriImageStatus.parseImageId(response.toByteArray())).contains("sha256:abc");
  }

  @Test
  void anEmptyResponseMeansTheImageIsUnknown() {
    assertThat(CriImageStatus.parseImageId(new byte[0])).isEmpty();
  }
}
