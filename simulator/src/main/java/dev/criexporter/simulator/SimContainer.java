package dev.criexporter.simulator;

import java.time.Instant;
import java.util.Objects;

/**
 * One running container.
 *
 * @param id         64-hex container id
 * @param podUid     the UID of its pod
 * @param sandboxId  the id of its pod sandbox
 * @param name       container name within the pod
 * @param attempt    restart count: a restarted container keeps its name and gets a new id and attempt + 1
 * @param image      its image
 * @param createdAt  when the runtime created it
 * @param startedAt  when it started; counters count from here
 * @param pid        host PID of its main process
 * @param profile    what it does
 * @param seed       per-container seed for the wander of its gauges and rates
 */
public record SimContainer(
    String id,
    String podUid,
    String sandboxId,
    String name,
    int attempt,
    ImageRef image,
    Instant createdAt,
    Instant startedAt,
    long pid,
    WorkloadProfile profile,
    long seed) {

  public SimContainer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(podUid, "podUid");
    Objects.requireNonNull(sandboxId, "sandboxId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(profile, "profile");
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
    }
  }

  /** This container's cgroup statistics at {@code at} (zero counters before it started). */
  public CgroupSample sample(Instant at) {
    return WorkloadModel.sample(profile, startedAt, seed, at);
  }
}
