package dev.criexporter.cgroup.parse;

import java.util.Objects;

/** A cgroup file's text does not have the kernel's format. Carries the file name and the reason. */
public final class CgroupParseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String fileName;
  private final String reason;

  public CgroupParseException(String fileName, String reason) {
    super(fileName + ": " + reason);
    this.fileName = Objects.requireNonNull(fileName, "fileName");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The cgroup interface file, e.g. {@code memory.stat}. */
  public String fileName() {
    return fileName;
  }

  /** Why the text was rejected. */
  public String reason() {
    return reason;
  }
}
