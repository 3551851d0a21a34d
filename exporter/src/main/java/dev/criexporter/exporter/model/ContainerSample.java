package dev.criexporter.exporter.model;

import dev.criexporter.cri.v1.ContainerStats;

/**
 * Everything one poll learned about one running container.
 *
 * @param identity who it is
 * @param cri the runtime's stats for it, or {@code null} when the runtime returned none this poll
 */
public record ContainerSample(ContainerIdentity identity, ContainerStats cri) {

  /** Whether the runtime answered stats for this container in this poll. */
  public boolean hasCriStats() {
    return cri != null;
  }
}
