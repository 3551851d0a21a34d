package dev.criexporter.bench.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one node bench run does. Defaults are the full run of scripts/bench.sh (about 15–20 min
 * on a 2-core machine); {@code --quick} shrinks every window for a smoke run.
 *
 * @param sizes container counts, one bench point each
 * @param out directory for the JSON results
 * @param exporterLaunch how to start the exporter JVM ({@code -jar ...} or {@code -cp ... Main})
 * @param scrapeSeconds wrk duration per load point
 * @param largeScrapeSeconds wrk duration per load point at 5,000 containers and more
 * @param warmupSeconds JIT warm-up of each exporter process before measuring
 * @param wallPolls polls timed one by one (scrape after each) for the poll-wall percentiles
 * @param churnSeconds how long the accelerated churn runs
 * @param floorPasses passes of the C floor reader
 * @param stageReps repetitions of each in-process stage
 * @param containerd whether to run the side-by-side with a real containerd
 * @param nginx whether to compare scrape latency with nginx
 * @param quick smoke mode: short windows, for the unit test
 */
record BenchOptions(List<Integer> sizes, Path out, List<String> exporterLaunch, int scrapeSeconds,
    int largeScrapeSeconds, int warmupSeconds, int wallPolls, int churnSeconds, int floorPasses,
    int stageReps, boolean containerd, boolean nginx, boolean quick) {

  static final String USAGE = """
      usage: NodeBench [--sizes=100,500,1000,5000] [--out=DIR] [--exporter-jar=JAR]
                       [--scrape-seconds=15] [--large-scrape-seconds=8] [--warmup-seconds=15]
                       [--wall-polls=20] [--churn-seconds=30] [--no-containerd] [--no-nginx]
                       [--quick]
      """;

  static BenchOptions parse(String... args) {
    List<Integer> sizes = List.of(100, 500, 1000, 5000);
    Path out = Path.of("benchmarks", "results");
    String jar = null;
    int scrape = 15;
    int largeScrape = 8;
    int warmup = 15;
    int wallPolls = 20;
    int churn = 30;
    boolean containerd = true;
    boolean nginx = true;
    boolean quick = false;
    for (String a : args) {
      String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : "";
      if (a.startsWith("--sizes=")) {
        List<Integer> s = new ArrayList<>();
        for (String x : v.split(",")) {
          s.add(Integer.parseInt(x.strip()));
        }
        sizes = List.copyOf(s);
      } else if (a.startsWith("--out=")) {
        out = Path.of(v);
      } else if (a.startsWith("--exporter-jar=")) {
        jar = v;
      } else if (a.startsWith("--scrape-seconds=")) {
        scrape = Integer.parseInt(v);
      } else if (a.startsWith("--large-scrape-seconds=")) {
        largeScrape = Integer.parseInt(v);
      } else if (a.startsWith("--warmup-seconds=")) {
        warmup = Integer.parseInt(v);
      } else if (a.startsWith("--wall-polls=")) {
        wallPolls = Integer.parseInt(v);
      } else if (a.startsWith("--churn-seconds=")) {
        churn = Integer.parseInt(v);
      } else if (a.equals("--no-containerd")) {
        containerd = false;
      } else if (a.equals("--no-nginx")) {
        nginx = false;
      } else if (a.equals("--quick")) {
        quick = true;
      } else {
        throw new IllegalArgumentException("unknown argument " + a + "\n" + USAGE);
      }
    }
    List<String> launch = jar != null && Path.of(jar).toFile().isFile()
        ? List.of("-jar", jar)
        : List.of("-cp", classPath(), "dev.criexporter.exporter.Main");
    if (quick) {
      return new BenchOptions(sizes, out, launch, 1, 1, 1, 3, 2, 3, 2, false, nginx, true);
    }
    return new BenchOptions(sizes, out, launch, scrape, largeScrape, warmup, wallPolls, churn, 10,
        10, containerd, nginx, false);
  }

  /** This JVM's class path (under Surefire: the test class path it was given). */
  static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire
        : System.getProperty("java.class.path");
  }

  int scrapeSecondsFor(int containers) {
    return containers >= 5_000 ? largeScrapeSeconds : scrapeSeconds;
  }

  /**
   * The poll interval of the process that measures poll CPU and wall: short enough for many polls
   * in the window, long enough that polls rarely overrun it on a busy 2-core machine.
   */
  Duration pollIntervalFor(int containers) {
    if (quick) {
      return Duration.ofMillis(300);
    }
    if (containers <= 100) {
      return Duration.ofMillis(500);
    }
    if (containers <= 500) {
      return Duration.ofSeconds(1);
    }
    if (containers <= 1_000) {
      return Duration.ofSeconds(2);
    }
    return Duration.ofSeconds(8);
  }

  /** How often the simulated host rewrites its cgroup tree. */
  Duration tickFor(int containers) {
    return containers >= 5_000 ? Duration.ofSeconds(15) : Duration.ofSeconds(5);
  }

  /** Polls timed one by one at this size. */
  int wallPollsFor(int containers) {
    return containers >= 5_000 ? Math.max(3, wallPolls / 3) : wallPolls;
  }
}
