package dev.criexporter.bench.node;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** CPU time and memory of another process, from /proc. */
final class ProcStats {
  /** Clock ticks per second of utime/stime ({@code getconf CLK_TCK}; 100 on Linux x86). */
  static final long CLK_TCK = 100;

  private ProcStats() {
  }

  /** User + system CPU of the whole process (threads that ended included), in nanoseconds. */
  static long processCpuNanos(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // Fields after the comm: state(3) ... utime(14) stime(15); here index = field - 3.
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks * (1_000_000_000L / CLK_TCK);
  }

  /** One thread's name and CPU time (ns, from schedstat: precise, not tick-sampled). */
  record ThreadCpu(String name, long cpuNanos) {
  }

  /** Every live thread of the process by tid. */
  static Map<Long, ThreadCpu> threads(long pid) {
    Map<Long, ThreadCpu> out = new HashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
      for (Path t : ds) {
        try {
          String comm = Files.readString(t.resolve("comm")).strip();
          String sched = Files.readString(t.resolve("schedstat")).strip();
          long ns = Long.parseLong(sched.substring(0, sched.indexOf(' ')));
          out.put(Long.parseLong(t.getFileName().toString()), new ThreadCpu(comm, ns));
        } catch (NoSuchFileException gone) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list threads of " + pid + ": " + e, e);
    }
    return out;
  }

  /** Groups thread names into what they do in the exporter. */
  static String category(String threadName) {
    if (threadName.equals("poll")) {
      return "poll";
    }
    if (threadName.equals("doctor")) {
      return "doctor";
    }
    if (threadName.equals("VM Thread") || threadName.startsWith("GC ")) {
      return "gc";
    }
    if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
      return "jit";
    }
    if (threadName.startsWith("XNIO") || threadName.startsWith("undertow")) {
      return "http";
    }
    if (threadName.startsWith("grpc") || threadName.startsWith("cri") || threadName.contains("epoll")
        || threadName.contains("eventloop") || threadName.contains("-io-")) {
      return "grpc";
    }
    return "other";
  }

  /** CPU per category between two thread readings (threads born in between count from zero). */
  static Map<String, Long> cpuByCategory(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
    Map<String, Long> out = new HashMap<>();
    after.forEach((tid, t) -> {
      ThreadCpu b = before.get(tid);
      long d = t.cpuNanos() - (b == null ? 0 : b.cpuNanos());
      out.merge(category(t.name()), d, Long::sum);
    });
    return out;
  }

  /** Thread names with their CPU between two readings, for finding unknown threads. */
  static Map<String, Long> cpuByName(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
    Map<String, Long> out = new HashMap<>();
    after.forEach((tid, t) -> {
      ThreadCpu b = before.get(tid);
      out.merge(t.name(), t.cpuNanos() - (b == null ? 0 : b.cpuNanos()), Long::sum);
    });
    return out;
  }

  /** Resident memory figures from /proc/PID/status, in KiB: VmRSS, RssAnon, RssFile, VmHWM. */
  static Map<String, Long> memoryKib(long pid) {
    Map<String, Long> out = new HashMap<>();
    for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon);
      if (key.equals("VmRSS") || key.equals("RssAnon") || key.equals("RssFile")
          || key.equals("RssShmem") || key.equals("VmHWM")) {
        out.put(key, Long.parseLong(line.substring(colon + 1).replace("kB", "").strip()));
      }
    }
    return out;
  }

  static long rssKib(long pid) {
    return memoryKib(pid).getOrDefault("VmRSS", 0L);
  }

  /** The 1-minute load average, to tell a quiet machine from a busy one in the results. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + p + ": " + e, e);
    }
  }
}
