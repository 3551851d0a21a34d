package dev.criexporter.bench.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The design targets checked against a results document, and a Markdown summary of it. */
final class Report {
  private Report() {
  }

  /** Targets are reported, never asserted: each with its measured value and whether it was met. */
  static List<Map<String, Object>> targets(Map<String, Object> doc) {
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, Object> p1000 = point(doc, 1000);
    Map<String, Object> p100 = point(doc, 100);
    if (p1000 != null) {
      double pollCpuAll = num(p1000, "poll", "cpu", "process_cpu_ms_per_poll");
      double pollCpu = num(p1000, "poll", "cpu", "process_cpu_ms_per_poll_excluding_jit");
      double pollThread = num(p1000, "poll", "cpu", "cpu_ms_per_poll_by_thread", "poll");
      double floorOnce = num(p1000, "poll", "floor", "files_each_once", "cpu_ms_median");
      double floorSame = num(p1000, "poll", "floor", "files_as_the_exporter_opens_them",
          "cpu_ms_median");
      double readerCpu = stageCpu(p1000, "cgroup reads");
      out.add(target("N=1000: poll CPU / C floor (files each once)", "<= 1.5", pollCpu / floorOnce,
          pollCpu / floorOnce <= 1.5, "process CPU per poll " + pollCpu + " ms without the JIT"
              + " compiler threads (" + pollCpuAll + " ms with them), floor " + floorOnce + " ms"));
      out.add(target("N=1000: cgroup reading in Java / C floor (same opens)", "(diagnostic)",
          readerCpu / floorSame, null, "CgroupReader over every container " + readerCpu
              + " ms, floor " + floorSame + " ms"));
      out.add(target("N=1000: poll thread CPU / C floor (files each once)", "(diagnostic)",
          pollThread / floorOnce, null, "poll thread " + pollThread + " ms"));
      double share = pollCpu / 10_000 * 100;
      out.add(target("N=1000: poll CPU at the default 10 s interval, % of one core", "<= 1.5",
          share, share <= 1.5, pollCpu + " ms per poll (without JIT) / 10 s"));
      double render = stageCpu(p1000, "render + gzip (Rendered");
      out.add(target("N=1000: render + gzip CPU per poll (ms)", "<= 50", render, render <= 50,
          "Rendered.of over the poll's families, in-process"));
      double p99 = loadP99(p1000, "load", 10);
      double nginx = loadP99(p1000, "nginx", 10);
      out.add(target("N=1000: scrape p99, 10 gzip scrapers, exporter / nginx", "<= 1.5",
          p99 / nginx, p99 / nginx <= 1.5, "exporter " + p99 + " ms, nginx " + nginx + " ms"));
      double rss = peakRss(p1000);
      out.add(target("N=1000: RSS under 10 gzip scrapers (MiB, peak)", "<= 96", rss, rss <= 96,
          "image JVM flags, 200 MiB pod limit"));
      double bps = num(p1000, "serve", "exposition", "bytes_per_container_series");
      double lean = num(p1000, "lean", "bytes_per_container_series");
      out.add(target("N=1000: bytes per container series, cAdvisor labels", "~370", bps, null,
          "lean labels: " + lean));
    }
    Object real = doc.get("real_cgroup_floor");
    if (real instanceof Map<?, ?> rm && rm.get("java_over_floor") != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) rm;
      out.add(target("real kernel cgroups (" + m.get("cgroup_mode") + ", " + m.get("containers")
          + " empty cgroups): CgroupReader / C floor, same opens", "(diagnostic)",
          num(m, "java_over_floor"), null, "CgroupReader " + m.get("java_cpu_ms_median")
              + " ms, floor " + m.get("floor_cpu_ms_median") + " ms"));
    }
    if (p100 != null) {
      double p99 = loadP99(p100, "load", 10);
      out.add(target("N=100: scrape p99, 10 gzip scrapers (ms)", "<= 5", p99, p99 <= 5, ""));
    }
    return out;
  }

  private static Map<String, Object> target(String name, String goal, double measured,
      Boolean met, String detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", name);
    m.put("goal", goal);
    m.put("measured", NodeBench.round(measured));
    m.put("met", met == null ? "n/a" : Double.isNaN(measured) ? "not measured" : met.toString());
    m.put("detail", detail);
    return m;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> point(Map<String, Object> doc, int n) {
    for (Map<String, Object> p : (List<Map<String, Object>>) doc.get("points")) {
      if (((Number) p.get("containers")).intValue() == n) {
        return p;
      }
    }
    return null;
  }

  /** A number at a path of map keys, NaN if any step is missing. */
  @SuppressWarnings("unchecked")
  static double num(Map<String, Object> m, String... path) {
    Object cur = m;
    for (String k : path) {
      if (!(cur instanceof Map)) {
        return Double.NaN;
      }
      cur = ((Map<String, Object>) cur).get(k);
    }
    return cur instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  @SuppressWarnings("unchecked")
  static double stageCpu(Map<String, Object> p, String prefix) {
    Object ip = p.get("in_process");
    if (!(ip instanceof Map)) {
      return Double.NaN;
    }
    for (Map<String, Object> s : (List<Map<String, Object>>) ((Map<String, Object>) ip)
        .get("stages")) {
      if (((String) s.get("stage")).startsWith(prefix)) {
        return ((Number) s.get("cpu_ms_median")).doubleValue();
      }
    }
    return Double.NaN;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> loadAt(Map<String, Object> p, String where, int connections) {
    Object serve = p.get("serve");
    if (!(serve instanceof Map)) {
      return null;
    }
    Object list = ((Map<String, Object>) serve).get(where);
    if (list instanceof Map<?, ?> m) {
      list = m.get("load");
    }
    if (!(list instanceof List)) {
      return null;
    }
    for (Map<String, Object> l : (List<Map<String, Object>>) list) {
      if (((Number) l.get("connections")).intValue() == connections) {
        return l;
      }
    }
    return null;
  }

  static double loadP99(Map<String, Object> p, String where, int connections) {
    Map<String, Object> l = loadAt(p, where, connections);
    return l == null ? Double.NaN : num(l, "latency_ms", "p99");
  }

  static double loadP50(Map<String, Object> p, String where, int connections) {
    Map<String, Object> l = loadAt(p, where, connections);
    return l == null ? Double.NaN : num(l, "latency_ms", "p50");
  }

  static double peakRss(Map<String, Object> p) {
    Map<String, Object> l = loadAt(p, "load", 10);
    return l == null ? Double.NaN : num(l, "rss_peak_mib");
  }

  /** One table per concern, one column per container count. */
  @SuppressWarnings("unchecked")
  static String markdown(Map<String, Object> doc) {
    List<Map<String, Object>> points = (List<Map<String, Object>>) doc.get("points");
    StringBuilder b = new StringBuilder();
    b.append("| | ");
    for (Map<String, Object> p : points) {
      b.append("N=").append(p.get("containers")).append(" | ");
    }
    b.append("\n|---|");
    points.forEach(p -> b.append("---|"));
    b.append('\n');
    row(b, points, "poll interval in the CPU run (ms)", p -> num(p, "poll", "poll_interval_ms"));
    row(b, points, "poll CPU, process, per poll (ms)",
        p -> num(p, "poll", "cpu", "process_cpu_ms_per_poll"));
    row(b, points, "  excluding the JIT compiler threads (ms)",
        p -> num(p, "poll", "cpu", "process_cpu_ms_per_poll_excluding_jit"));
    row(b, points, "  of which poll thread (ms)",
        p -> num(p, "poll", "cpu", "cpu_ms_per_poll_by_thread", "poll"));
    row(b, points, "  of which JIT compiler threads (ms)",
        p -> num(p, "poll", "cpu", "cpu_ms_per_poll_by_thread", "jit"));
    row(b, points, "  of which GC (ms)",
        p -> num(p, "poll", "cpu", "cpu_ms_per_poll_by_thread", "gc"));
    row(b, points, "  of which gRPC I/O thread (ms)",
        p -> num(p, "poll", "cpu", "cpu_ms_per_poll_by_thread", "grpc"));
    row(b, points, "  of which one gzip scrape (ms)",
        p -> num(p, "poll", "cpu", "cpu_ms_per_poll_by_thread", "http"));
    row(b, points, "poll CPU per container (µs)",
        p -> num(p, "poll", "cpu", "process_cpu_ms_per_poll") * 1000 / num(p, "containers"));
    row(b, points, "poll CPU at 10 s interval (% of a core)",
        p -> num(p, "poll", "cpu", "process_cpu_ms_per_poll") / 100);
    row(b, points, "poll wall median (ms)", p -> num(p, "poll", "wall", "median_ms"));
    row(b, points, "poll wall p99 (ms)", p -> num(p, "poll", "wall", "p99_ms"));
    row(b, points, "C floor, files once (CPU ms)",
        p -> num(p, "poll", "floor", "files_each_once", "cpu_ms_median"));
    row(b, points, "C floor, exporter's opens (CPU ms)",
        p -> num(p, "poll", "floor", "files_as_the_exporter_opens_them", "cpu_ms_median"));
    row(b, points, "poll CPU / floor (files once)",
        p -> num(p, "poll", "cpu", "process_cpu_ms_per_poll")
            / num(p, "poll", "floor", "files_each_once", "cpu_ms_median"));
    row(b, points, "poll CPU without JIT / floor (files once)",
        p -> num(p, "poll", "cpu", "process_cpu_ms_per_poll_excluding_jit")
            / num(p, "poll", "floor", "files_each_once", "cpu_ms_median"));
    row(b, points, "in-process: cgroup reads (CPU ms)", p -> stageCpu(p, "cgroup reads"));
    row(b, points, "in-process: CRI ListContainerStats (CPU ms)",
        p -> stageCpu(p, "cri: ListContainerStats"));
    row(b, points, "in-process: collectors (CPU ms)", p -> stageCpu(p, "collectors"));
    row(b, points, "in-process: upstream text writer (CPU ms)", p -> stageCpu(p, "render text, upstream"));
    row(b, points, "in-process: gzip level 1, separate pass (CPU ms)", p -> stageCpu(p, "gzip"));
    row(b, points, "in-process: TextWriter alone (CPU ms)", p -> stageCpu(p, "render text (TextWriter"));
    row(b, points, "in-process: render + gzip (CPU ms)", p -> stageCpu(p, "render + gzip (Rendered"));
    row(b, points, "in-process: render + gzip, lean labels (CPU ms)", p -> stageCpu(p, "render + gzip, lean"));
    row(b, points, "ListContainerStats answer (KiB)",
        p -> num(p, "in_process", "cri_answer_bytes", "ListContainerStats") / 1024);
    row(b, points, "exposition plain (KiB)", p -> num(p, "serve", "exposition", "plain_bytes") / 1024);
    row(b, points, "exposition gzip (KiB)", p -> num(p, "serve", "exposition", "gzip_bytes") / 1024);
    row(b, points, "series per container", p -> num(p, "serve", "exposition",
        "container_series_per_container"));
    row(b, points, "bytes per container series, cAdvisor",
        p -> num(p, "serve", "exposition", "bytes_per_container_series"));
    row(b, points, "bytes per container series, lean", p -> num(p, "lean", "bytes_per_container_series"));
    row(b, points, "exposition plain, lean (KiB)", p -> num(p, "lean", "plain_bytes") / 1024);
    row(b, points, "exposition gzip, lean (KiB)", p -> num(p, "lean", "gzip_bytes") / 1024);
    row(b, points, "scrape p50, 1 gzip scraper (ms)", p -> loadP50(p, "load", 1));
    row(b, points, "scrape p99, 1 gzip scraper (ms)", p -> loadP99(p, "load", 1));
    row(b, points, "scrape p50, 10 gzip scrapers (ms)", p -> loadP50(p, "load", 10));
    row(b, points, "scrape p99, 10 gzip scrapers (ms)", p -> loadP99(p, "load", 10));
    row(b, points, "nginx p99, 1 connection (ms)", p -> loadP99(p, "nginx", 1));
    row(b, points, "nginx p99, 10 connections (ms)", p -> loadP99(p, "nginx", 10));
    row(b, points, "scrape p99 / nginx p99, 10 scrapers",
        p -> loadP99(p, "load", 10) / loadP99(p, "nginx", 10));
    row(b, points, "CRI calls per poll, 1 scraper", p -> callsPerPoll(p, 1));
    row(b, points, "CRI calls per poll, 10 scrapers", p -> callsPerPoll(p, 10));
    row(b, points, "scrapes served in the 10-scraper window", p -> num(loadAt(p, "load", 10),
        "requests"));
    row(b, points, "RSS idle after warm-up (MiB)", p -> num(p, "serve", "memory_idle", "rss_mib"));
    row(b, points, "RSS peak, 10 gzip scrapers (MiB)", Report::peakRss);
    row(b, points, "heap used after warm-up, churn process (MiB)",
        p -> num(p, "churn", "before", "heap_used_mib"));
    row(b, points, "RSS after warm-up, churn process (MiB)", p -> num(p, "churn", "before", "rss_mib"));
    row(b, points, "containers created during churn", p -> num(p, "churn", "containers_created"));
    row(b, points, "RSS after churn, back at N (MiB)", p -> num(p, "churn", "after", "rss_mib"));
    row(b, points, "live heap after full GC, before churn (MiB)",
        p -> num(p, "churn", "before_live", "live_heap_mib"));
    row(b, points, "live heap after full GC, after churn (MiB)",
        p -> num(p, "churn", "after_live", "live_heap_mib"));
    row(b, points, "exporter objects after full GC, before churn (MiB)",
        p -> num(p, "churn", "before_live", "exporter_classes_mib"));
    row(b, points, "exporter objects after full GC, after churn (MiB)",
        p -> num(p, "churn", "after_live", "exporter_classes_mib"));
    b.append('\n');
    b.append("| target | goal | measured | met | |\n|---|---|---|---|---|\n");
    for (Map<String, Object> t : (List<Map<String, Object>>) doc.get("targets")) {
      b.append("| ").append(t.get("target")).append(" | ").append(t.get("goal")).append(" | ")
          .append(fmt(((Number) t.get("measured")).doubleValue())).append(" | ")
          .append(t.get("met")).append(" | ").append(t.get("detail")).append(" |\n");
    }
    Object c = doc.get("containerd");
    if (c instanceof Map<?, ?> cm && cm.get("exporter") != null) {
      Map<String, Object> e = (Map<String, Object>) cm.get("exporter");
      Map<String, Object> d = (Map<String, Object>) cm.get("containerd_v1_metrics");
      b.append("\n| real containerd, ").append(cm.get("containers"))
          .append(" containers | exporter /metrics | containerd /v1/metrics |\n|---|---|---|\n");
      for (String k : List.of("plain_bytes", "gzip_bytes", "series", "container_series",
          "bytes_per_series")) {
        b.append("| ").append(k).append(" | ").append(fmt(num(e, k))).append(" | ")
            .append(fmt(num(d, k))).append(" |\n");
      }
      b.append("| series per container (task) | ").append(fmt(num(e, "series_per_container")))
          .append(" | ").append(fmt(num(d, "series_per_task"))).append(" |\n");
      for (String k : List.of("p50_ms", "p99_ms")) {
        b.append("| sequential gzip scrape ").append(k).append(" | ")
            .append(fmt(num(e, "sequential_gzip_scrape", k))).append(" | ")
            .append(fmt(num(d, "sequential_gzip_scrape", k))).append(" |\n");
      }
    }
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static double callsPerPoll(Map<String, Object> p, int connections) {
    Map<String, Object> l = loadAt(p, "load", connections);
    if (l == null) {
      return Double.NaN;
    }
    double total = 0;
    for (Object v : ((Map<String, Object>) l.get("cri_calls_per_poll")).values()) {
      total += ((Number) v).doubleValue();
    }
    return total;
  }

  private interface Cell {
    double of(Map<String, Object> point);
  }

  private static void row(StringBuilder b, List<Map<String, Object>> points, String name,
      Cell cell) {
    b.append("| ").append(name).append(" | ");
    for (Map<String, Object> p : points) {
      double v;
      try {
        v = cell.of(p);
      } catch (RuntimeException e) {
        v = Double.NaN;
      }
      b.append(fmt(v)).append(" | ");
    }
    b.append('\n');
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (Math.abs(v) >= 100) {
      return String.format("%,.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format("%.1f", v);
    }
    return String.format("%.2f", v);
  }
}
