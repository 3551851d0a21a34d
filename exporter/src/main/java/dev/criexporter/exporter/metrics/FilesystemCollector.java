package dev.criexporter.exporter.metrics;

import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.FilesystemUsage;
import dev.criexporter.exporter.model.ContainerSample;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;

/**
 * The container's writable layer, as the runtime measures it. The runtime refreshes it on its
 * own period (containerd: {@code stats_collect_period}, 10 s by default), so it may lag.
 */
public final class FilesystemCollector implements Collector {

  public static final FamilyDef USAGE = FamilyDef.gauge("container_fs_usage_bytes", "bytes",
      "Number of bytes that are consumed by the container on this filesystem.",
      "CRI writable_layer.used_bytes", "device");
  public static final FamilyDef INODES = FamilyDef.gauge("container_fs_inodes_used", "",
      "Number of inodes used by the container's writable layer.",
      "CRI writable_layer.inodes_used", "device");

  @Override
  public String name() {
    return "filesystem";
  }

  @Override
  public String description() {
    return "Writable layer usage (bytes and inodes) from the runtime";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public List<FamilyDef> families() {
    return List.of(USAGE, INODES);
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    List<ContainerSample> cs = ctx.containers();
    for (int i = 0; i < cs.size(); i++) {
      ContainerStats s = cs.get(i).cri();
      if (s == null || !s.hasWritableLayer()) {
        continue;
      }
      FilesystemUsage fs = s.getWritableLayer();
      Labels l = ctx.containerLabels().get(i).merge(Labels.of("device",
          LabelScheme.clean(fs.getFsId().getMountpoint())));
      if (fs.hasUsedBytes()) {
        out.add(USAGE, l, Values.unsigned(fs.getUsedBytes().getValue()));
      }
      if (fs.hasInodesUsed()) {
        out.add(INODES, l, Values.unsigned(fs.getInodesUsed().getValue()));
      }
    }
  }
}
