package dev.criexporter.exporter.doctor;

import dev.criexporter.cri.CriClient;
import dev.criexporter.cri.RuntimeIdentity;
import dev.criexporter.cri.v1.StatusResponse;
import java.util.Objects;

/**
 * The runtime's answers the checks look at, asked once per run through the read-only client.
 *
 * @param endpoint where the runtime was asked
 * @param version the {@code Version} answer
 * @param status the {@code Status(verbose=true)} answer
 * @param containerStats {@code ListContainerStats}: how many containers had stats
 * @param podSandboxStats {@code ListPodSandboxStats}: how many pods had stats
 * @param metricDescriptors {@code ListMetricDescriptors}: how many descriptors
 */
public record RuntimeFacts(String endpoint, Answer<RuntimeIdentity> version,
    Answer<StatusResponse> status, Answer<Integer> containerStats,
    Answer<Integer> podSandboxStats, Answer<Integer> metricDescriptors) {

  /** The problem of the calls skipped because {@code Version} failed. */
  static final String NOT_ASKED = "not asked: the runtime did not answer Version";

  public RuntimeFacts {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(containerStats, "containerStats");
    Objects.requireNonNull(podSandboxStats, "podSandboxStats");
    Objects.requireNonNull(metricDescriptors, "metricDescriptors");
  }

  /**
   * Asks the runtime. When {@code Version} fails nothing else is asked: every further call would
   * fail the same way, each after its own deadline.
   */
  public static RuntimeFacts probe(CriClient client) {
    Answer<RuntimeIdentity> version = Answer.of(client::version);
    String endpoint = version.value().map(RuntimeIdentity::endpoint)
        .orElseGet(() -> Answer.of(client::endpoint).value().orElse("unknown endpoint"));
    if (!version.ok()) {
      Answer<Integer> skipped = Answer.failed(NOT_ASKED);
      return new RuntimeFacts(endpoint, version, Answer.failed(NOT_ASKED), skipped, skipped,
          skipped);
    }
    return new RuntimeFacts(endpoint, version,
        Answer.of(() -> client.status(true)),
        Answer.of(() -> client.listContainerStats().size()),
        Answer.of(() -> client.listPodSandboxStats().size()),
        Answer.of(() -> client.listMetricDescriptors().getDescriptorsCount()));
  }

  /** Whether the runtime answered {@code Version}. */
  public boolean reachable() {
    return version.ok();
  }
}
