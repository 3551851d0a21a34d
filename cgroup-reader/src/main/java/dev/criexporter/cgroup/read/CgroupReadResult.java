package dev.criexporter.cgroup.read;

import dev.criexporter.cgroup.stats.CgroupStats;
import java.util.List;
import java.util.Objects;

/**
 * The result of reading one cgroup.
 *
 * @param cgroupPath the relative cgroup path that was read
 * @param outcome whether everything, something, or nothing (the cgroup vanished) was read
 * @param stats what was read; {@link CgroupStats#EMPTY} when {@link Outcome#GONE}
 * @param failures the files that could not be used (empty unless {@link Outcome#PARTIAL})
 */
public record CgroupReadResult(String cgroupPath, Outcome outcome, CgroupStats stats, List<FileFailure> failures) {

  /** How a read ended. */
  public enum Outcome {
    /** Every needed file was read and parsed. */
    COMPLETE,
    /** Some files failed (see {@link #failures()}); the stats hold everything else. */
    PARTIAL,
    /** The cgroup does not exist (any more): e.g. the container was removed before or during the read. */
    GONE
  }

  public CgroupReadResult {
    Objects.requireNonNull(cgroupPath, "cgroupPath");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(stats, "stats");
    failures = List.copyOf(failures);
    if ((outcome == Outcome.PARTIAL) == failures.isEmpty()) {
      throw new IllegalArgumentException(outcome + " with " + failures.size() + " failures");
    }
  }

  public boolean isGone() {
    return outcome == Outcome.GONE;
  }
}
