package dev.criexporter.cgroup;

/** The cgroup root does not look like any supported cgroup layout, or could not be inspected. */
public final class CgroupDetectionException extends Exception {

  private static final long serialVersionUID = 1L;

  public CgroupDetectionException(String message) {
    super(message);
  }

  public CgroupDetectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
