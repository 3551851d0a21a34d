package dev.criexporter.cgroup.stats;

import java.util.OptionalLong;

/**
 * Block I/O of one device, the same for cgroup v1 (throttle files) and v2 ({@code io.stat}).
 *
 * @param reads read operations
 * @param writes write operations
 * @param discards discard operations
 */
public record IoDeviceStats(int major, int minor, OptionalLong readBytes, OptionalLong writeBytes,
              OptionalLong reads, OptionalLong writes, OptionalLong discardBytes,
              OptionalLong discards) {
}
