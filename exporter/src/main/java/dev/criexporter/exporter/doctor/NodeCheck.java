package dev.criexporter.exporter.doctor;

/** One check of the node. Implementations only read; they never change anything. */
public interface NodeCheck {

  /** Which check this is. */
  CheckId id();

  /** Evaluates the check. Unreadable inputs give an {@link Outcome#UNKNOWN} result. */
  CheckResult run(NodeFacts facts);
}
