package dev.criexporter.bench.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The C floor reader (src/main/c/floor.c, compiled with gcc when the bench runs): which files the
 * exporter opens per container (inotify), and what reading them costs without a JVM.
 */
final class Floor {

  /** One read pass over every container: CPU, wall, files opened. */
  record Pass(long cpuNanos, long userMicros, long sysMicros, long wallNanos, long files,
      long bytes) {
  }

  /** Medians of several passes. */
  record Result(int containers, List<String> files, int passes, long cpuNanosMedian,
      long wallNanosMedian, long userMicrosMedian, long sysMicrosMedian, long filesPerPass,
      long bytesPerPass) {
  }

  private final Path binary;

  private Floor(Path binary) {
    this.binary = binary;
  }

  static boolean available() {
    return Tools.onPath("gcc");
  }

  /** Compiles floor.c (bundled as a resource) into {@code dir}. */
  static Floor compile(Path dir) {
    try (InputStream in = Floor.class.getResourceAsStream("/c/floor.c")) {
      if (in == null) {
        throw new IllegalStateException("floor.c is not on the class path");
      }
      Path src = dir.resolve("floor.c");
      Files.write(src, in.readAllBytes());
      Path bin = dir.resolve("floor");
      Tools.run(List.of(Tools.find("gcc").toString(), "-O2", "-o", bin.toString(), src.toString()),
          120);
      return new Floor(bin);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A running inotify watch on one directory. */
  final class Watch implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;

    private Watch(Process process) {
      this.process = process;
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
    }

    /** Waits for the watch to end and returns how often each file was opened. */
    Map<String, Long> opens() {
      try {
        Map<String, Long> counts = new LinkedHashMap<>();
        String line;
        while ((line = out.readLine()) != null) {
          int sp = line.indexOf(' ');
          if (sp > 0) {
            counts.put(line.substring(sp + 1), Long.parseLong(line.substring(0, sp)));
          }
        }
        process.waitFor(10, TimeUnit.SECONDS);
        return counts;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  /** Starts counting opens in {@code dir} for {@code seconds}; returns once the watch is set. */
  Watch watch(Path dir, int seconds) {
    try {
      Process p = new ProcessBuilder(binary.toString(), "watch", dir.toString(),
          Integer.toString(seconds)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      Watch w = new Watch(p);
      String first = w.out.readLine();
      if (!"ready".equals(first)) {
        w.close();
        throw new IllegalStateException("floor watch failed to start on " + dir);
      }
      return w;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads {@code files} (in order, repeats included) in each of {@code dirs} (relative to
   * {@code root}), {@code passes} times.
   */
  Result read(Path root, List<String> dirs, List<String> files, int passes, Path work) {
    try {
      Path dirsFile = work.resolve("floor-dirs.txt");
      Path filesFile = work.resolve("floor-files.txt");
      Files.write(dirsFile, dirs);
      Files.write(filesFile, files);
      String out = Tools.run(List.of(binary.toString(), "read", root.toString(),
          dirsFile.toString(), filesFile.toString(), Integer.toString(passes)), 600);
      List<Pass> list = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (!line.startsWith("pass ")) {
          continue;
        }
        String[] f = line.split(" ");
        list.add(new Pass(Long.parseLong(f[3]), Long.parseLong(f[5]), Long.parseLong(f[7]),
            Long.parseLong(f[9]), Long.parseLong(f[11]), Long.parseLong(f[13])));
      }
      // The first pass warms the dentry and page caches: leave it out.
      List<Pass> warm = list.size() > 1 ? list.subList(1, list.size()) : list;
      return new Result(dirs.size(), List.copyOf(files), warm.size(),
          median(warm.stream().mapToLong(Pass::cpuNanos).toArray()),
          median(warm.stream().mapToLong(Pass::wallNanos).toArray()),
          median(warm.stream().mapToLong(Pass::userMicros).toArray()),
          median(warm.stream().mapToLong(Pass::sysMicros).toArray()),
          warm.get(0).files(), warm.get(0).bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long median(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v.length == 0 ? 0 : v[v.length / 2];
  }
}
