package dev.criexporter.exporter.doctor;

import java.util.Objects;

/**
 * The outcome of one check.
 *
 * @param check which check
 * @param outcome ok, warn, critical or unknown
 * @param value the observed value in one short, low-cardinality token ({@code hybrid},
 *     {@code cgroupfs}, {@code 6.1.0-18-amd64}, {@code unimplemented}); exported as a label
 * @param evidence what was read, where, and what it said
 * @param remedy how to fix it; empty when the outcome is ok
 */
public record CheckResult(CheckId check, Outcome outcome, String value, String evidence,
    String remedy) {

  /** Longest {@link #value}; longer observations are cut. */
  public static final int MAX_VALUE_LENGTH = 64;

  public CheckResult {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(remedy, "remedy");
    value = value == null || value.isBlank() ? "unknown" : value.strip();
    if (value.length() > MAX_VALUE_LENGTH) {
      value = value.substring(0, MAX_VALUE_LENGTH);
    }
    if (outcome != Outcome.OK && remedy.isBlank()) {
      throw new IllegalArgumentException(check.label() + ": a " + outcome.label()
          + " result needs a remedy");
    }
  }

  /** A passed check. */
  public static CheckResult ok(CheckId check, String value, String evidence) {
    return new CheckResult(check, Outcome.OK, value, evidence, "");
  }

  /** A failed check, at the check's own severity. */
  public static CheckResult failed(CheckId check, String value, String evidence, String remedy) {
    return new CheckResult(check, check.severity().outcome(), value, evidence, remedy);
  }

  /** A check that could not be evaluated, with the reason and how to make it checkable. */
  public static CheckResult unknown(CheckId check, String reason, String remedy) {
    return new CheckResult(check, Outcome.UNKNOWN, "unknown", reason, remedy);
  }

  /** Whether the check passed. */
  public boolean passed() {
    return outcome == Outcome.OK;
  }
}
