package dev.criexporter.exporter.doctor;

/** What it means when a check fails; fixed per check, so its metric series never change labels. */
public enum Severity {
  WARNING("warning", Outcome.WARN),
  CRITICAL("critical", Outcome.CRITICAL);

  private final String label;
  private final Outcome outcome;

  Severity(String label, Outcome outcome) {
    this.label = label;
    this.outcome = outcome;
  }

  /** The value of the {@code severity} label. */
  public String label() {
    return label;
  }

  /** The outcome of a failing check of this severity. */
  public Outcome outcome() {
    return outcome;
  }
}
