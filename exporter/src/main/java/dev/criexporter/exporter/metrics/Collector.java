package dev.criexporter.exporter.metrics;

import dev.criexporter.cgroup.read.StatGroup;
import java.util.List;
import java.util.Set;

/**
 * One group of metric families, computed from a poll's snapshot. Collectors are small, keep no
 * state between polls, and never do I/O: everything they need is in the {@link CollectContext}.
 */
public interface Collector {

  /** The name used in {@code --collector.<name>} and in the collector_* self-metrics. */
  String name();

  /** One line for {@code --help} and docs/metrics.md. */
  String description();

  /** Whether it runs without a {@code --collector.<name>} flag. */
  boolean enabledByDefault();

  /** The cgroup stat groups it reads from the snapshot; only these files are read each poll. */
  default Set<StatGroup> cgroupGroups() {
    return Set.of();
  }

  /** Runtime calls and reads beyond the per-container basics that it depends on. */
  default Set<PollNeed> needs() {
    return Set.of();
  }

  /** Every family it can emit, for the docs and for declaring HELP/TYPE. */
  List<FamilyDef> families();

  /** Adds this poll's samples to {@code out}. */
  void collect(CollectContext ctx, FamilySink out);
}
