package dev.criexporter.testsupport.prometheus;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The answer to an instant query: the result type ({@code vector}, {@code scalar}, or
 * {@code matrix} for a range selector, of which each series' newest point is kept), its samples
 * and any warnings Prometheus attached.
 */
public record QueryResult(String expr, String resultType, List<Sample> samples, List<String> warnings) {

  public QueryResult {
    samples = List.copyOf(samples);
    warnings = List.copyOf(warnings);
  }

  public boolean isEmpty() {
    return samples.isEmpty();
  }

  /** Whether at least one sample has a finite value (NaN and ±Inf draw nothing on a panel). */
  public boolean hasFiniteValue() {
    return samples.stream().anyMatch(Sample::isFinite);
  }

  /** The only sample, or an {@link AssertionError} naming the query and what came back. */
  public Sample single() {
    if (samples.size() != 1) {
      throw new AssertionError("expected one sample from " + expr + ", got " + describe());
    }
    return samples.get(0);
  }

  /** The samples whose {@code label} equals {@code value}. */
  public List<Sample> withLabel(String label, String value) {
    return samples.stream().filter(s -> s.label(label).equals(value)).toList();
  }

  /** The result for assertion messages: type, count and up to 10 samples. */
  public String describe() {
    String shown = samples.stream().limit(10).map(Sample::toString).collect(Collectors.joining("; "));
    return resultType + " of " + samples.size() + (samples.isEmpty() ? "" : ": " + shown)
        + (samples.size() > 10 ? "; ..." : "") + (warnings.isEmpty() ? "" : " (warnings: " + warnings + ")");
  }
}
