package dev.criexporter.exporter.metrics;

import dev.criexporter.exporter.model.ContainerSample;
import dev.criexporter.exporter.model.NodeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;

/**
 * What a collector sees: the snapshot's containers and, aligned with them, each container's
 * labels (computed once per poll for all collectors), and the scheme for pod-level series.
 *
 * <p>Containers come in the order of their labels, which is the order every family's data
 * points end up in: the metric model sorts each family by labels, and on input already in that
 * order its sort is a single linear pass instead of a full sort per family.
 */
public record CollectContext(NodeSnapshot snapshot, List<ContainerSample> containers,
    List<Labels> containerLabels, LabelScheme scheme) {

  /** Builds the context, computing each container's labels once. */
  public static CollectContext of(NodeSnapshot snapshot, LabelScheme scheme) {
    List<ContainerSample> cs = snapshot.containers();
    Labels[] labels = new Labels[cs.size()];
    Integer[] order = new Integer[labels.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = scheme.labelsFor(cs.get(i).identity());
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> labels[a].compareTo(labels[b]));
    ContainerSample[] sortedContainers = new ContainerSample[labels.length];
    Labels[] sortedLabels = new Labels[labels.length];
    for (int i = 0; i < order.length; i++) {
      sortedContainers[i] = cs.get(order[i]);
      sortedLabels[i] = labels[order[i]];
    }
    return new CollectContext(snapshot, List.of(sortedContainers), List.of(sortedLabels), scheme);
  }
}
