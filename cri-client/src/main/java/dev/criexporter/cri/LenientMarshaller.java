package dev.criexporter.cri;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parses responses like the generated marshaller, except that an answer refused only for invalid
 * UTF-8 in some string is parsed again after {@link Utf8Repair}, instead of failing the call.
 */
final class LenientMarshaller<T> implements MethodDescriptor.Marshaller<T> {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(LenientMarshaller.class);

  /** Answers that needed a repair, process-wide. */
  static final AtomicLong REPAIRED = new AtomicLong();

  private final MethodDescriptor.Marshaller<T> strict;
  private final Message prototype;

  LenientMarshaller(MethodDescriptor.Marshaller<T> strict) {
    this.strict = strict;
    this.prototype = strict instanceof MethodDescriptor.PrototypeMarshaller<T> p
        && p.getMessagePrototype() instanceof Message m ? m : null;
  }

  @Override
  public InputStream stream(T value) {
    return strict.stream(value);
  }

  @Override
  @SuppressWarnings("unchecked")
  public T parse(InputStream stream) {
    if (prototype == null) {
      return strict.parse(stream);
    }
    byte[] bytes;
    try {
      bytes = stream.readAllBytes();
    } catch (IOException e) {
      throw Status.INTERNAL.withDescription("reading the answer failed").withCause(e)
          .asRuntimeException();
    }
    try {
      return (T) prototype.getParserForType().parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      if (!String.valueOf(e.getMessage()).contains("UTF-8")) {
        throw Status.INTERNAL.withDescription("invalid answer: " + e.getMessage()).withCause(e)
            .asRuntimeException();
      }
      try {
        T repaired = (T) prototype.getParserForType()
            .parseFrom(Utf8Repair.repair(bytes, prototype.getDescriptorForType()));
        long n = REPAIRED.incrementAndGet();
        if (Long.toString(n).matches("10*")) {
          log.warn("a CRI answer carried invalid UTF-8 in a string; decoded with replacement"
              + " characters ({} such answer(s) so far, cri_exporter_cri_answers_repaired_total)",
              n);
        }
        return repaired;
      } catch (IOException again) {
        throw Status.INTERNAL.withDescription("invalid answer: " + again.getMessage())
            .withCause(again).asRuntimeException();
      }
    }
  }
}
