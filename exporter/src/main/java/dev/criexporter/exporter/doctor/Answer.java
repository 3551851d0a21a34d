package dev.criexporter.exporter.doctor;

import dev.criexporter.cri.CriException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one CRI call gave: a value, or how it failed.
 *
 * @param value the answer, when the call succeeded
 * @param failure the kind of failure, when it failed with a classified CRI error
 * @param problem the failure's message; empty on success
 */
public record Answer<T>(Optional<T> value, Optional<CriException.Kind> failure, String problem) {

  public Answer {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(problem, "problem");
  }

  /** Makes the call; never throws. */
  public static <T> Answer<T> of(Supplier<T> call) {
    try {
      return new Answer<>(Optional.of(call.get()), Optional.empty(), "");
    } catch (CriException e) {
      return new Answer<>(Optional.empty(), Optional.of(e.kind()), e.getMessage());
    } catch (RuntimeException e) {
      return failed(e.toString());
    }
  }

  /** A call that was not made or failed without a CRI classification. */
  public static <T> Answer<T> failed(String problem) {
    return new Answer<>(Optional.empty(), Optional.empty(), problem);
  }

  public boolean ok() {
    return value.isPresent();
  }

  /** Whether the runtime said it does not implement the call. */
  public boolean unimplemented() {
    return failure.filter(k -> k == CriException.Kind.UNIMPLEMENTED).isPresent();
  }

  /**
   * The failure for evidence, naming the call once: {@code ListPodSandboxStats: unimplemented
   * (UNIMPLEMENTED): ...}.
   */
  public String describe(String method) {
    return problem.startsWith(method + ":") ? problem : method + ": " + problem;
  }

  /** A short token for the failure: {@code unimplemented}, {@code unavailable}, ... */
  public String failureLabel() {
    return failure.map(CriException.Kind::label).orElse("failed");
  }
}
