package dev.criexporter.exporter.doctor;

import java.util.Objects;
import java.util.Optional;

/**
 * What reading one file gave: its text, or why there is none.
 *
 * @param shown the path as the host sees it, for evidence
 * @param text the content, when the file could be read
 * @param problem why it could not be read ({@code missing}, {@code permission denied}, ...);
 *     empty when it was read
 * @param ownView true when the host root did not have the file and this process's own
 *     {@code /proc} or {@code /sys} was read instead
 */
public record FileText(String shown, Optional<String> text, String problem, boolean ownView) {

  /** The {@link #problem} of a file that does not exist. */
  public static final String MISSING = "missing";

  public FileText {
    Objects.requireNonNull(shown, "shown");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(problem, "problem");
  }

  static FileText read(String shown, String text, boolean ownView) {
    return new FileText(shown, Optional.of(text), "", ownView);
  }

  static FileText failed(String shown, String problem, boolean ownView) {
    return new FileText(shown, Optional.empty(), problem, ownView);
  }

  /** Whether the file was read. */
  public boolean ok() {
    return text.isPresent();
  }

  /** Whether the file does not exist. */
  public boolean missing() {
    return MISSING.equals(problem);
  }

  /** The text without surrounding white space, or empty. */
  public String trimmed() {
    return text.map(String::strip).orElse("");
  }

  /** The path for evidence, marked when it is the exporter's own view rather than the host's. */
  public String where() {
    return ownView ? shown + " (exporter's own view)" : shown;
  }

  /** {@code <where>: <problem>}, for the evidence of a file that could not be read. */
  public String describeProblem() {
    return where() + ": " + problem;
  }
}
