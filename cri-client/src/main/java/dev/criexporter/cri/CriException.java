package dev.criexporter.cri;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A failed CRI call, classified so callers can decide what to count, log and retry without
 * looking at gRPC types.
 */
public final class CriException extends RuntimeException {

  /** Why a call failed. */
  public enum Kind {
    /** The socket is missing, refuses connections, or the runtime went away mid-call. */
    UNAVAILABLE("unavailable", true),
    /** The call did not finish within its deadline. */
    DEADLINE_EXCEEDED("deadline_exceeded", true),
    /** The runtime does not implement this call (an older CRI, or a different service). */
    UNIMPLEMENTED("unimplemented", false),
    /** The object asked for does not exist (for example a container removed mid-poll). */
    NOT_FOUND("not_found", false),
    /** The peer does not speak gRPC/HTTP2 (a socket that is not a CRI server). */
    PROTOCOL("protocol", true),
    /** Any other status the runtime returned. */
    OTHER("other", true);

    private final String label;
    private final boolean retriable;

    Kind(String label, boolean retriable) {
      this.label = label;
      this.retriable = retriable;
    }

    /** A short lower-case name suitable as a metric label value. */
    public String label() {
      return label;
    }

    /** Whether the same call may succeed if tried again later. */
    public boolean retriable() {
      return retriable;
    }
  }

  private final Kind kind;
  private final String method;
  private final Status.Code code;

  public CriException(Kind kind, String method, Status.Code code, String message, Throwable cause) {
    super(method + ": " + kind.label() + " (" + code + "): " + message, cause);
    this.kind = kind;
    this.method = method;
    this.code = code;
  }

  public Kind kind() {
    return kind;
  }

  /** The CRI method that failed, e.g. {@code ListContainerStats}. */
  public String method() {
    return method;
  }

  /** The gRPC status code as received. */
  public Status.Code code() {
    return code;
  }

  /** Classifies a gRPC failure of {@code method}. */
  public static CriException from(String method, StatusRuntimeException e) {
    Status status = e.getStatus();
    Kind kind = classify(status);
    String description = status.getDescription() != null ? status.getDescription() : "";
    if (status.getCause() != null && description.isEmpty()) {
      description = status.getCause().toString();
    }
    return new CriException(kind, method, status.getCode(), description, e);
  }

  static Kind classify(Status status) {
    return switch (status.getCode()) {
      case UNAVAILABLE -> Kind.UNAVAILABLE;
      case DEADLINE_EXCEEDED -> Kind.DEADLINE_EXCEEDED;
      case UNIMPLEMENTED -> Kind.UNIMPLEMENTED;
      case NOT_FOUND -> Kind.NOT_FOUND;
      case INTERNAL, UNKNOWN -> looksLikeProtocolError(status) ? Kind.PROTOCOL : Kind.OTHER;
      default -> Kind.OTHER;
    };
  }

  private static boolean looksLikeProtocolError(Status status) {
    String d = status.getDescription();
    if (d == null) {
      return false;
    }
    String lower = d.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("http2") || lower.contains("protocol") || lower.contains("frame")
        || lower.contains("content-type") || lower.contains("malformed");
  }
}
