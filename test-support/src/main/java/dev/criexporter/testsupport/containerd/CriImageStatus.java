package dev.criexporter.testsupport.containerd;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.criexporter.cri.v1.ImageSpec;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One call of the CRI {@code runtime.v1.ImageService/ImageStatus}: which image id the runtime's
 * CRI image store resolves a reference to, if any.
 *
 * <p>The project's CRI definition carries only the runtime service, so the request and the
 * response are encoded here at the wire level (field numbers from upstream
 * {@code k8s.io/cri-api}: {@code ImageStatusRequest.image = 1}, {@code ImageStatusResponse.image = 1},
 * {@code Image.id = 1}). The harness needs it for one reason: {@code ctr images import} returns
 * before containerd's CRI plugin has indexed the image, and a sandbox started in that window
 * would try to pull the image from a registry.
 */
final class CriImageStatus {

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private static final MethodDescriptor<byte[], byte[]> IMAGE_STATUS = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("runtime.v1.ImageService", "ImageStatus"))
      .setRequestMarshaller(BYTES)
      .setResponseMarshaller(BYTES)
      .build();

  private CriImageStatus() {
  }

  /**
   * Asks the runtime for {@code imageRef}.
   *
   * @return the image id (config digest) the CRI store knows the reference by, or empty if it
   *         does not know it (yet)
   * @throws io.grpc.StatusRuntimeException if the call fails
   */
  static Optional<String> imageId(Channel channel, String imageRef, long timeoutMillis) {
    byte[] response = ClientCalls.blockingUnaryCall(channel, IMAGE_STATUS,
        CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS), request(imageRef));
    return parseImageId(response);
  }

  static byte[] request(String imageRef) {
    ImageSpec spec = ImageSpec.newBuilder().setImage(imageRef).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeMessage(1, spec);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  static Optional<String> parseImageId(byte[] response) {
    try {
      List<ByteString> images = UnknownFieldSet.parseFrom(response).getField(1).getLengthDelimitedList();
      if (images.isEmpty()) {
        return Optional.empty();
      }
      List<ByteString> ids = UnknownFieldSet.parseFrom(images.get(0)).getField(1).getLengthDelimitedList();
      return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(0).toStringUtf8());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("runtime sent a malformed ImageStatusResponse", e);
    }
  }
}
