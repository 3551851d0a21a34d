package dev.criexporter.exporter.doctor;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One setting as read from one source: a cgroup driver, a snapshotter.
 *
 * @param value the setting, when the source has it
 * @param source where it was read, or why it could not be
 */
public record Reading(Optional<String> value, String source) {

  public Reading {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(source, "source");
  }

  static Reading of(String value, String source) {
    return new Reading(Optional.of(value), source);
  }

  static Reading none(String why) {
    return new Reading(Optional.empty(), why);
  }

  /** This reading, or {@code other} when this one has no value. */
  Reading or(Reading other) {
    return value.isPresent() ? this : other;
  }

  /** {@code systemd (from ...)} or {@code unknown (why)}. */
  String describe() {
    return value.orElse("unknown") + " (" + source + ")";
  }

  /** Normalizes a cgroup driver name: {@code systemd} or {@code cgroupfs}, else empty. */
  static Optional<String> driver(String raw) {
    String d = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    return d.equals("systemd") || d.equals("cgroupfs") ? Optional.of(d) : Optional.empty();
  }
}
