/**
 * The version-independent view of a cgroup's statistics. Counters are {@link java.util.OptionalLong} (empty when
 * unknown) holding unsigned 64-bit values; limits are {@link dev.criexporter.cgroup.Limit}. Nothing is 0 because
 * it is missing or unlimited.
 */
package dev.criexporter.cgroup.stats;
