package dev.criexporter.exporter.metrics;

import dev.criexporter.cgroup.read.StatGroup;
import dev.criexporter.cgroup.stats.IoDeviceStats;
import dev.criexporter.exporter.model.ContainerSample;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/** Block I/O per device, named like cAdvisor does ({@code /dev/sda}). */
public final class DiskIoCollector implements Collector {

  public static final FamilyDef READ_BYTES = FamilyDef.counter("container_fs_reads_bytes_total",
      "bytes", "Cumulative count of bytes read",
      "cgroup io.stat rbytes / blkio.throttle.io_service_bytes Read", "device");
  public static final FamilyDef WRITE_BYTES = FamilyDef.counter("container_fs_writes_bytes_total",
      "bytes", "Cumulative count of bytes written",
      "cgroup io.stat wbytes / blkio.throttle.io_service_bytes Write", "device");
  public static final FamilyDef READS = FamilyDef.counter("container_fs_reads_total", "",
      "Cumulative count of reads completed",
      "cgroup io.stat rios / blkio.throttle.io_serviced Read", "device");
  public static final FamilyDef WRITES = FamilyDef.counter("container_fs_writes_total", "",
      "Cumulative count of writes completed",
      "cgroup io.stat wios / blkio.throttle.io_serviced Write", "device");

  @Override
  public String name() {
    return "diskio";
  }

  @Override
  public String description() {
    return "Block I/O bytes and operations per device";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public Set<StatGroup> cgroupGroups() {
    return EnumSet.of(StatGroup.IO);
  }

  @Override
  public List<FamilyDef> families() {
    return List.of(READ_BYTES, WRITE_BYTES, READS, WRITES);
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    Map<String, String> names = ctx.snapshot().blockDevices();
    List<ContainerSample> cs = ctx.containers();
    for (int i = 0; i < cs.size(); i++) {
      Labels l = ctx.containerLabels().get(i);
      for (IoDeviceStats d : cs.get(i).cgroupStats().io()) {
        String key = d.major() + ":" + d.minor();
        Labels dl = l.merge(Labels.of("device", names.getOrDefault(key, key)));
        add(out, READ_BYTES, dl, d.readBytes());
        add(out, WRITE_BYTES, dl, d.writeBytes());
        add(out, READS, dl, d.reads());
        add(out, WRITES, dl, d.writes());
      }
    }
  }

  private static void add(FamilySink out, FamilyDef f, Labels l, OptionalLong v) {
    if (v.isPresent()) {
      out.add(f, l, Values.unsigned(v.getAsLong()));
    }
  }
}
