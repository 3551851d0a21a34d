package dev.criexporter.exporter.doctor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The results of one doctor run, in check order.
 *
 * @param at when the run started
 * @param took how long it took
 * @param results one result per check made
 */
public record DoctorReport(Instant at, Duration took, List<CheckResult> results) {

  public DoctorReport {
    results = List.copyOf(results);
  }

  /** 0 when every check passed, 1 with warnings or unknowns, 2 with anything critical. */
  public int exitCode() {
    int code = 0;
    for (CheckResult r : results) {
      code = Math.max(code, r.outcome().exitCode());
    }
    return code;
  }

  /** How many results have {@code outcome}. */
  public long count(Outcome outcome) {
    return results.stream().filter(r -> r.outcome() == outcome).count();
  }

  /** The result of {@code check}, if it was made. */
  public Optional<CheckResult> result(CheckId check) {
    return results.stream().filter(r -> r.check() == check).findFirst();
  }
}
