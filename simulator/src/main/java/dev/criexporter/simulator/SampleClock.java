package dev.criexporter.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Tells at which instant the statistics of a cgroup owner (a container id, a pod sandbox id or a pod uid)
 * should be sampled. A fake runtime that answers "at" these instants agrees exactly with a cgroup tree that
 * was written at them.
 */
@FunctionalInterface
public interface SampleClock {

  Instant instantFor(String ownerId);

  /** Every owner is sampled at the clock's current instant. */
  static SampleClock of(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return ownerId -> clock.instant();
  }
}
