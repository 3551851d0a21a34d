package dev.criexporter.exporter.check;

import dev.criexporter.cgroup.stats.CgroupStats;
import dev.criexporter.cri.v1.ContainerStats;

/**
 * One container as seen in one poll from both sides.
 *
 * @param containerId the runtime's id
 * @param cri the runtime's stats
 * @param before memory stats read just before the runtime was asked ({@link CgroupStats#EMPTY} if
 *     not read)
 * @param after the stats read just after the runtime answered
 * @param criCallStartNanos wall-clock time (epoch ns) just before the stats call
 * @param afterReadEndNanos wall-clock time (epoch ns) when the after-read of this container ended
 */
public record Observation(String containerId, ContainerStats cri, CgroupStats before,
    CgroupStats after, long criCallStartNanos, long afterReadEndNanos) {
}
