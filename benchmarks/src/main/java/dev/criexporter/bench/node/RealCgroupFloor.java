package dev.criexporter.bench.node;

import dev.criexporter.cgroup.CgroupDetectionException;
import dev.criexporter.cgroup.HostCgroups;
import dev.criexporter.cgroup.read.CgroupReader;
import dev.criexporter.cgroup.read.StatGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The floor on the real kernel: empty cgroups created in this host's own hierarchies (the kernel
 * generates every file on read, unlike a tmpfs copy), read by the exporter's {@link CgroupReader}
 * in this JVM and by the C floor, the same files. Needs root and a writable cgroup root; the
 * cgroups are removed afterwards.
 */
final class RealCgroupFloor {
  private RealCgroupFloor() {
  }

  static Map<String, Object> run(Floor floor, int containers, int passes, Path work) {
    Map<String, Object> r = new LinkedHashMap<>();
    Path root = Path.of("/sys/fs/cgroup");
    HostCgroups host;
    try {
      host = HostCgroups.detect(root);
    } catch (CgroupDetectionException | RuntimeException e) {
      r.put("skipped", "no usable cgroup hierarchy: " + e.getMessage());
      return r;
    }
    r.put("cgroup_mode", host.mode().toString());
    Set<Path> hierarchies = new LinkedHashSet<>(host.controllerDirs().values());
    host.unifiedDir().ifPresent(hierarchies::add);
    String parent = "cri-exporter-bench-floor-" + ProcessHandle.current().pid();
    List<Path> created = new ArrayList<>();
    try {
      for (Path h : hierarchies) {
        Path p = h.resolve(parent);
        Files.createDirectory(p);
        created.add(p);
        for (int i = 0; i < containers; i++) {
          Path c = p.resolve("c" + i);
          Files.createDirectory(c);
          created.add(c);
        }
      }
      CgroupReader reader = new CgroupReader(host);
      Set<StatGroup> memory = EnumSet.of(StatGroup.MEMORY);
      Set<StatGroup> all = EnumSet.allOf(StatGroup.class);
      List<String> paths = new ArrayList<>();
      for (int i = 0; i < containers; i++) {
        paths.add(parent + "/c" + i);
      }
      // Which files one read opens, per hierarchy (inotify on each of the first cgroup's dirs).
      List<Floor.Watch> watches = new ArrayList<>();
      List<Path> watched = new ArrayList<>();
      for (Path h : hierarchies) {
        watched.add(h);
        watches.add(floor.watch(h.resolve(paths.get(0)), 1));
      }
      reader.read(paths.get(0), memory);
      reader.read(paths.get(0), all);
      Map<String, Long> opens = new TreeMap<>();
      List<String> perContainer = new ArrayList<>();
      for (int i = 0; i < watches.size(); i++) {
        String hierarchy = root.relativize(watched.get(i)).toString();
        for (var e : watches.get(i).opens().entrySet()) {
          opens.put(hierarchy + "/" + e.getKey(), e.getValue());
          for (long k = 0; k < e.getValue(); k++) {
            perContainer.add(hierarchy + "/" + e.getKey());
          }
        }
      }
      r.put("files_opened_per_container", opens);
      Stages.Stage java = Stages.time("CgroupReader, memory before + all after", 3, passes, () -> {
        for (String p : paths) {
          reader.read(p, memory);
        }
        for (String p : paths) {
          reader.read(p, all);
        }
        return null;
      });
      List<String> files = new ArrayList<>();
      for (String p : paths) {
        for (String f : perContainer) {
          int slash = f.indexOf('/');
          files.add(f.substring(0, slash) + "/" + p + f.substring(slash));
        }
      }
      Floor.Result c = floor.read(root, List.of("."), files, passes + 1, work);
      r.put("containers", containers);
      r.put("java_cpu_ms_median", NodeBench.round(java.cpuMs()));
      r.put("java_alloc_mb_median", NodeBench.round(java.allocMb()));
      r.put("floor_cpu_ms_median", NodeBench.round(c.cpuNanosMedian() / 1e6));
      r.put("floor_opens_per_pass", c.filesPerPass());
      r.put("floor_bytes_per_pass", c.bytesPerPass());
      r.put("java_over_floor", NodeBench.round(java.cpuMs() / (c.cpuNanosMedian() / 1e6)));
    } catch (IOException | RuntimeException e) {
      r.put("skipped", "cannot use the host's cgroups here: " + e);
    } finally {
      for (int i = created.size() - 1; i >= 0; i--) {
        try {
          Files.deleteIfExists(created.get(i));
        } catch (IOException e) {
          r.put("cleanup_error", e.toString());
        }
      }
    }
    return r;
  }
}
