package dev.criexporter.cgroup.path;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of {@link CgroupPathResolver}.
 *
 * @param maxDepth how deep below the hierarchy root the walk looks for container directories (systemd pods sit
 *     at depth 4, e.g. {@code kubepods.slice/kubepods-burstable.slice/<pod>.slice/<container>.scope})
 * @param cacheSize the most container ids remembered
 * @param minRescanInterval the least time between two walks triggered by a cache miss
 */
public record ResolverSettings(int maxDepth, long cacheSize, Duration minRescanInterval) {

  /** Depth 8, 20,000 ids, at most one miss-triggered walk every 5 seconds. */
  public static final ResolverSettings DEFAULTS = new ResolverSettings(8, 20_000, Duration.ofSeconds(5));

  public ResolverSettings {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
    }
    if (cacheSize < 1) {
      throw new IllegalArgumentException("cacheSize must be at least 1, was " + cacheSize);
    }
    Objects.requireNonNull(minRescanInterval, "minRescanInterval");
    if (minRescanInterval.isNegative()) {
      throw new IllegalArgumentException("minRescanInterval must not be negative");
    }
  }
}
