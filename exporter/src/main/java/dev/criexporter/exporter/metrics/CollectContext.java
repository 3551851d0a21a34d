package dev.criexporter.exporter.metrics;

import dev.criexporter.exporter.model.ContainerSample;
import dev.criexporter.exporter.model.NodeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;

/**
 * What a collector sees: the snapshot and, aligned with its containers, each container's labels
 * (computed once per poll for all collectors), and the scheme for pod-level series.
 */
public record CollectContext(NodeSnapshot snapshot, List<Labels> containerLabels,
    LabelScheme scheme) {

  /** The containers of the snapshot. */
  public List<ContainerSample> containers() {
    return snapshot.containers();
  }

  /** Builds the context, computing each container's labels once. */
  public static CollectContext of(NodeSnapshot snapshot, LabelScheme scheme) {
    List<ContainerSample> cs = snapshot.containers();
    Labels[] labels = new Labels[cs.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = scheme.labelsFor(cs.get(i).identity());
    }
    return new CollectContext(snapshot, List.of(labels), scheme);
  }
}
