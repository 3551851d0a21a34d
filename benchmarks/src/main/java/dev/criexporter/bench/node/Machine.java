package dev.criexporter.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the bench ran on. */
final class Machine {
  private Machine() {
  }

  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nproc", Runtime.getRuntime().availableProcessors());
    m.put("cpu_model", cpuModel());
    m.put("kernel", read("/proc/sys/kernel/osrelease"));
    m.put("os", osName());
    m.put("memory_total_kib", memTotal());
    m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("load_average_at_start", ProcStats.loadAverage());
    m.put("wrk", Wrk.available() ? Tools.firstLine(List.of("wrk", "--version")) : "absent");
    m.put("nginx", Nginx.available() ? Nginx.version() : "absent");
    m.put("gcc", Floor.available() ? Tools.firstLine(List.of("gcc", "--version")) : "absent");
    return m;
  }

  private static String cpuModel() {
    for (String line : read("/proc/cpuinfo").split("\n")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return "?";
  }

  private static String osName() {
    for (String line : read("/etc/os-release").split("\n")) {
      if (line.startsWith("PRETTY_NAME=")) {
        return line.substring(12).replace("\"", "");
      }
    }
    return "?";
  }

  private static long memTotal() {
    for (String line : read("/proc/meminfo").split("\n")) {
      if (line.startsWith("MemTotal:")) {
        return Long.parseLong(line.substring(9).replace("kB", "").strip());
      }
    }
    return -1;
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path)).strip();
    } catch (IOException e) {
      return "?";
    }
  }
}
