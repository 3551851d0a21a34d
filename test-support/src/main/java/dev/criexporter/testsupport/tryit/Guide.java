package dev.criexporter.testsupport.tryit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What try-it prints once everything is up: where to look, and what to look for. */
final class Guide {

  /** The burner's CPU use as a fraction of its CFS quota: about 1 once a minute of data is in. */
  static final String BURNER_QUOTA_QUERY = "rate(container_cpu_usage_seconds_total{" + selector(DemoPods.BURNER) + "}[1m])"
      + " / ignoring(cpu) (container_spec_cpu_quota{" + selector(DemoPods.BURNER) + "}"
      + " / container_spec_cpu_period{" + selector(DemoPods.BURNER) + "})";

  /** The grower's working set as a fraction of its memory limit: climbs to just over 0.9. */
  static final String GROWER_LIMIT_QUERY = "container_memory_working_set_bytes{" + selector(DemoPods.GROWER) + "}"
      + " / container_spec_memory_limit_bytes{" + selector(DemoPods.GROWER) + "}";

  /** Distinct container ids per container name in the last 15 minutes: the restarter's grows with each restart. */
  static final String RESTARTS_QUERY = "count by (container) (last_over_time(container_start_time_seconds{namespace=\""
      + DemoPods.NAMESPACE + "\"}[15m]))";

  /** The cross-check's findings: all 0 when runtime and kernel agree. */
  static final String CROSSCHECK_QUERY = "max by (__name__) ({__name__=~\"cri_crosscheck_(diverged|stale)_containers"
      + "|cri_crosscheck_(ghost|missing)_cgroups\"})";

  static final List<String> QUERIES = List.of(BURNER_QUOTA_QUERY, GROWER_LIMIT_QUERY, RESTARTS_QUERY, CROSSCHECK_QUERY);

  static final String UP_LINE = "try-it is up";

  private Guide() {
  }

  /**
   * The text shown when try-it is up.
   *
   * @param downCommand how to stop it from another shell
   */
  static String render(Duration upIn, int exporterPort, int prometheusPort, Duration restartEvery, Path stateDir,
             String downCommand) {
    String prometheus = "http://127.0.0.1:" + prometheusPort;
    String n = System.lineSeparator();
    return String.join(n,
        "",
        UP_LINE + " (" + StepReporter.seconds(upIn) + "): a private containerd running 4 demo pods,"
            + " cri-exporter reading it, Prometheus scraping the exporter.",
        "",
        "  exporter metrics   http://127.0.0.1:" + exporterPort + "/metrics",
        "  Prometheus         " + prometheus + "/graph",
        "  alerts             " + prometheus + "/alerts",
        "  scrape target      " + prometheus + "/targets",
        "",
        "The demo pods, namespace " + DemoPods.NAMESPACE + ":",
        "  burner     spins a shell loop under a CPU quota of half a core",
        "  grower     adds " + DemoPods.GROWER_STEP_MIB + " MiB to /dev/shm every " + DemoPods.GROWER_PAUSE_SECONDS
            + " s up to " + DemoPods.GROWER_TARGET_MIB + " MiB of its " + DemoPods.GROWER_LIMIT_MIB
            + " MiB memory limit, then holds it",
        "  idle       sleeps",
        "  restarter  exits every " + restartEvery.toSeconds() + " s and is started again (attempt 1, 2, ...),"
            + " as kubelet would",
        "",
        "What to look at, in Prometheus:",
        "  1. The burner uses its whole CPU quota, close to 1.0 (it is throttled the rest of the time):",
        "       " + BURNER_QUOTA_QUERY,
        "  2. The grower's working set climbs to just over 0.9 of its limit; on the alerts page",
        "     ContainerMemoryNearLimit turns pending (firing after 15 minutes):",
        "       " + GROWER_LIMIT_QUERY,
        "  3. Each restart is a new container id (label name): the restarter's count grows, the others stay 1;",
        "     and the cross-check between runtime and cgroups finds nothing wrong (all 0):",
        "       " + RESTARTS_QUERY,
        "       " + CROSSCHECK_QUERY,
        "  All four on one page:",
        "    " + graphLink(prometheus),
        "",
        "Logs: " + stateDir.resolve("exporter.log") + ", " + stateDir.resolve("containerd/containerd.log") + ", "
            + stateDir.resolve("prometheus/prometheus.log"),
        "Stop with Ctrl-C, or from another shell: " + downCommand,
        "");
  }

  /** Prometheus' graph page with every query in its own panel. */
  static String graphLink(String prometheus) {
    StringBuilder link = new StringBuilder(prometheus).append("/graph?");
    for (int i = 0; i < QUERIES.size(); i++) {
      if (i > 0) {
        link.append('&');
      }
      link.append('g').append(i).append(".expr=").append(URLEncoder.encode(QUERIES.get(i), StandardCharsets.UTF_8))
          .append("&g").append(i).append(".tab=0&g").append(i).append(".range_input=15m");
    }
    return link.toString();
  }

  private static String selector(String container) {
    return "namespace=\"" + DemoPods.NAMESPACE + "\",container=\"" + container + "\"";
  }
}
