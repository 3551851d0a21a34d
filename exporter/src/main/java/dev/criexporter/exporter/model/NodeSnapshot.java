package dev.criexporter.exporter.model;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cri.RuntimeIdentity;
import dev.criexporter.exporter.check.CheckSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable result of one poll: what the runtime and the cgroup files said about every
 * running container. Collectors turn it into metric families; the HTTP handler never sees
 * anything else.
 *
 * @param takenAt when the poll started
 * @param runtimeUp whether the runtime answered this poll
 * @param runtime the runtime's identity (the last one seen, when it is down)
 * @param containers the running containers, in a stable order
 * @param pods the ready pod sandboxes (empty unless a collector needs them)
 * @param stale true when the runtime failed this poll and {@code containers} are from an earlier one
 * @param lastSuccess when the runtime last answered a full poll, if ever
 * @param cgroupMode the host's cgroup mode, when the cgroup root could be read
 * @param check node-level cross-check results
 * @param blockDevices names of the block devices in the containers' I/O stats, by major:minor
 */
public record NodeSnapshot(
    Instant takenAt,
    boolean runtimeUp,
    Optional<RuntimeIdentity> runtime,
    List<ContainerSample> containers,
    List<PodSample> pods,
    boolean stale,
    Optional<Instant> lastSuccess,
    Optional<CgroupMode> cgroupMode,
    CheckSummary check,
    Map<String, String> blockDevices) {

  public NodeSnapshot {
    containers = List.copyOf(containers);
    pods = List.copyOf(pods);
    blockDevices = Map.copyOf(blockDevices);
  }

  /** The snapshot before the first poll. */
  public static NodeSnapshot empty(Instant at) {
    return new NodeSnapshot(at, false, Optional.empty(), List.of(), List.of(), false,
        Optional.empty(),
        Optional.empty(), CheckSummary.DISABLED, Map.of());
  }
}
