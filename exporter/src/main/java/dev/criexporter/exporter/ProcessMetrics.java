package dev.criexporter.exporter;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The standard Prometheus {@code process_*} metrics (CPU seconds, resident and virtual memory,
 * open and maximum file descriptors) read from {@code /proc/self}, as every Prometheus
 * client library exports them, so existing process dashboards work. The start time
 * ({@code process_start_time_seconds}) comes from Micrometer's uptime binder. Micrometer keeps
 * the state of these meters weakly: whoever binds this must keep a reference to it.
 */
final class ProcessMetrics implements MeterBinder {
  /** USER_HZ: the unit of utime/stime in /proc/self/stat on Linux. */
  private static final double TICKS_PER_SECOND = 100.0;
  private final Path proc;

  ProcessMetrics(Path procSelf) {
    this.proc = procSelf;
  }

  @Override
  public void bindTo(MeterRegistry r) {
    if (!Files.isReadable(proc.resolve("stat"))) {
      return;
    }
    FunctionCounter.builder("process_cpu_seconds_total", this, ProcessMetrics::cpuSeconds)
        .description("Total user and system CPU time spent in seconds.").register(r);
    Gauge.builder("process_resident_memory_bytes", this, m -> m.statusKb("VmRSS:") * 1024)
        .description("Resident memory size in bytes.").register(r);
    Gauge.builder("process_virtual_memory_bytes", this, m -> m.statusKb("VmSize:") * 1024)
        .description("Virtual memory size in bytes.").register(r);
    Gauge.builder("process_open_fds", this, ProcessMetrics::openFds)
        .description("Number of open file descriptors.").register(r);
    Gauge.builder("process_max_fds", this, ProcessMetrics::maxFds)
        .description("Maximum number of open file descriptors.").register(r);
  }

  private double cpuSeconds() {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private double statusKb(String key) {
    try {
      for (String line : Files.readAllLines(proc.resolve("status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  private double openFds() {
    int n = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc.resolve("fd"))) {
      for (Path ignored : ds) {
        n++;
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return n;
  }

  private double maxFds() {
    try {
      for (String line : Files.readAllLines(proc.resolve("limits"))) {
        if (line.startsWith("Max open files")) {
          String v = line.substring("Max open files".length()).trim().split("\\s+")[0];
          return v.equals("unlimited") ? Double.POSITIVE_INFINITY : Long.parseLong(v);
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
