package dev.criexporter.exporter.metrics;

import dev.criexporter.cri.RuntimeIdentity;
import dev.criexporter.exporter.model.NodeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;

/** Whether the runtime answers, who it is, and how many containers it runs. */
public final class RuntimeCollector implements Collector {

  public static final FamilyDef UP = FamilyDef.nodeGauge("cri_runtime_up", "",
      "1 if the container runtime answered the last poll, 0 otherwise.", "CRI Version/List calls");
  public static final FamilyDef INFO = FamilyDef.nodeInfo("cri_runtime_info",
      "The container runtime's identity as reported by CRI Version.",
      "CRI Version", "runtime", "version", "api_version", "endpoint");
  public static final FamilyDef CONTAINERS = FamilyDef.nodeGauge("cri_runtime_containers", "",
      "Running containers the runtime reported in the last successful poll.",
      "CRI ListContainers");
  public static final FamilyDef STALE = FamilyDef.nodeGauge("cri_exporter_snapshot_stale", "",
      "1 when the last poll failed and container series come from an earlier poll.",
      "poll loop");
  public static final FamilyDef SOURCE = FamilyDef.nodeGauge(
      "cri_exporter_stats_source_containers", "",
      "Running containers by where their usage figures came from in the last poll: cri (the"
          + " runtime's stats), cgroup (the runtime gave none; read from the cgroup files), none.",
      "poll", "source");
  public static final FamilyDef BUILD = FamilyDef.nodeInfo("cri_exporter_build_info",
      "Build of the running exporter.", "build", "version", "revision", "java");
  public static final FamilyDef LAST_SUCCESS = FamilyDef.nodeGauge(
      "cri_exporter_last_successful_poll_timestamp_seconds", "seconds",
      "Unix time of the start of the last poll the runtime answered fully.", "poll loop");

  private static final Labels BUILD_LABELS;

  static {
    dev.criexporter.exporter.BuildInfo b = dev.criexporter.exporter.BuildInfo.load();
    BUILD_LABELS = Labels.of("version", b.version(), "revision", b.revision(), "java",
        System.getProperty("java.version", "unknown"));
  }

  @Override
  public String name() {
    return "runtime";
  }

  @Override
  public String description() {
    return "Runtime health and identity (always on)";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public List<FamilyDef> families() {
    return List.of(UP, INFO, CONTAINERS, SOURCE, STALE, LAST_SUCCESS, BUILD);
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    NodeSnapshot s = ctx.snapshot();
    out.add(UP, Labels.EMPTY, s.runtimeUp() ? 1 : 0);
    out.add(BUILD, BUILD_LABELS, 1);
    if (s.runtime().isPresent()) {
      RuntimeIdentity r = s.runtime().get();
      out.add(INFO, Labels.of("runtime", LabelScheme.clean(r.name()),
          "version", LabelScheme.clean(r.version()), "api_version", LabelScheme.clean(r.apiVersion()),
          "endpoint", LabelScheme.clean(r.endpoint())), 1);
    }
    out.add(CONTAINERS, Labels.EMPTY, s.containers().size());
    int cri = 0;
    int cgroup = 0;
    for (var c : s.containers()) {
      if (c.hasCriStats()) {
        cri++;
      } else if (c.cgroup() != null) {
        cgroup++;
      }
    }
    out.add(SOURCE, Labels.of("source", "cri"), cri);
    out.add(SOURCE, Labels.of("source", "cgroup"), cgroup);
    out.add(SOURCE, Labels.of("source", "none"), s.containers().size() - cri - cgroup);
    out.add(STALE, Labels.EMPTY, s.stale() ? 1 : 0);
    s.lastSuccess().ifPresent(t -> out.add(LAST_SUCCESS, Labels.EMPTY, t.toEpochMilli() / 1000.0));
  }
}
