package dev.criexporter.exporter.doctor;

/** How one check came out. */
public enum Outcome {
  /** The node is fine in this respect. */
  OK("ok", 0),
  /** Works, but worse than it should: fewer metrics, weaker isolation, unsupported setups. */
  WARN("warn", 1),
  /** Breaks pods or the node: fix before trusting the node. */
  CRITICAL("critical", 2),
  /** Could not be evaluated (a file or the runtime was not visible); the reason says why. */
  UNKNOWN("unknown", 1);

  private final String label;
  private final int exitCode;

  Outcome(String label, int exitCode) {
    this.label = label;
    this.exitCode = exitCode;
  }

  /** The lower-case word printed and exported. */
  public String label() {
    return label;
  }

  /** The exit code of {@code cri-exporter doctor} when this is the worst outcome. */
  public int exitCode() {
    return exitCode;
  }
}
