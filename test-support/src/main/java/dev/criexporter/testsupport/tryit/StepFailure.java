package dev.criexporter.testsupport.tryit;

/**
 * A step of try-it failed: {@link #getMessage()} says what went wrong, {@link #fix()} what to do
 * about it.
 */
final class StepFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String fix;

  StepFailure(String message, String fix) {
    super(message);
    this.fix = fix;
  }

  StepFailure(String message, String fix, Throwable cause) {
    super(message, cause);
    this.fix = fix;
  }

  /** What to do about it; empty if nothing better than the message can be said. */
  String fix() {
    return fix;
  }
}
