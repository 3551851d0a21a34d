package dev.criexporter.testsupport.containerd;

import java.nio.file.Path;

/**
 * A private containerd could not be brought up: a prerequisite is missing, it exited, did not
 * answer in time, or the test image could not be imported. When containerd ran, the message
 * ends with the last lines of its log.
 */
public final class ContainerdStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private static final int LOG_TAIL_LINES = 40;

  public ContainerdStartException(String message) {
    super(message);
  }

  public ContainerdStartException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code what} followed by the end of containerd's log, read now (before cleanup deletes it). */
  static ContainerdStartException withLogTail(String what, Path logFile) {
    return new ContainerdStartException(what + System.lineSeparator()
        + "---- last lines of " + logFile + " ----" + System.lineSeparator()
        + LogTail.of(logFile, LOG_TAIL_LINES));
  }
}
