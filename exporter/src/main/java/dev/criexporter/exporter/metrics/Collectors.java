package dev.criexporter.exporter.metrics;

import dev.criexporter.exporter.doctor.DoctorCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The list of every collector, the single source of the {@code --collector.<name>} flags and of
 * docs/metrics.md. Order here is exposition order.
 */
public final class Collectors {
  private Collectors() {
  }

  /** Every collector, enabled or not. */
  public static List<Collector> all() {
    return List.of(
        new RuntimeCollector(),
        new CpuCollector(),
        new MemoryCollector(),
        new SpecCollector(),
        new ProcessesCollector(),
        new PressureCollector(),
        new DiskIoCollector(),
        new FilesystemCollector(),
        new NetworkCollector(),
        new PodSeriesCollector(),
        new CrossCheckCollector(),
        new CrossCheckDetailCollector(),
        new DoctorCollector());
  }

  /** Names of every collector. */
  public static Set<String> names() {
    Map<String, Collector> m = new LinkedHashMap<>();
    all().forEach(c -> m.put(c.name(), c));
    return m.keySet();
  }

  /**
   * The collectors to run: the defaults, plus {@code enable}, minus {@code disable}.
   *
   * @throws IllegalArgumentException naming an unknown collector
   */
  public static List<Collector> select(Set<String> enable, Set<String> disable) {
    Set<String> known = names();
    for (String n : enable) {
      if (!known.contains(n)) {
        throw new IllegalArgumentException("--collector." + n + ": unknown collector; known: "
            + String.join(", ", known));
      }
    }
    for (String n : disable) {
      if (!known.contains(n)) {
        throw new IllegalArgumentException("--no-collector." + n + ": unknown collector; known: "
            + String.join(", ", known));
      }
      if (n.equals("runtime")) {
        throw new IllegalArgumentException("--no-collector.runtime: the runtime collector cannot"
            + " be disabled");
      }
    }
    List<Collector> out = new ArrayList<>();
    for (Collector c : all()) {
      boolean on = (c.enabledByDefault() || enable.contains(c.name())) && !disable.contains(c.name());
      if (on) {
        out.add(c);
      }
    }
    return out;
  }
}
