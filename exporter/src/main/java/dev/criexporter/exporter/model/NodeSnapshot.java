package dev.criexporter.exporter.model;

import dev.criexporter.cri.RuntimeIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The immutable result of one poll: what the runtime said about every running container.
 * Collectors turn it into metric families; the HTTP handler never sees anything else.
 *
 * @param takenAt when the poll started
 * @param runtimeUp whether the runtime answered this poll
 * @param runtime the runtime's identity (the last one seen, when it is down)
 * @param containers the running containers, in a stable order
 * @param stale true when the runtime failed this poll and {@code containers} are from an earlier one
 * @param lastSuccess when the runtime last answered a full poll, if ever
 */
public record NodeSnapshot(
    Instant takenAt,
    boolean runtimeUp,
    Optional<RuntimeIdentity> runtime,
    List<ContainerSample> containers,
    boolean stale,
    Optional<Instant> lastSuccess) {

  public NodeSnapshot {
    containers = List.copyOf(containers);
  }

  /** The snapshot before the first poll. */
  public static NodeSnapshot empty(Instant at) {
    return new NodeSnapshot(at, false, Optional.empty(), List.of(), false, Optional.empty());
  }
}
