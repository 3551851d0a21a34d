package dev.criexporter.cgroup.stats;

import dev.criexporter.cgroup.Limit;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Task counts from the pids controller ({@code pids.current}, {@code pids.max}).
 *
 * @param current tasks (threads) in the cgroup and its descendants
 * @param limit the maximum, or unlimited for {@code max}
 */
public record PidsStats(OptionalLong current, Limit limit) {

  /** Nothing known. */
  public static final PidsStats EMPTY = new PidsStats(OptionalLong.empty(), Limit.absent());

  public PidsStats {
    Objects.requireNonNull(limit, "limit");
  }
}
