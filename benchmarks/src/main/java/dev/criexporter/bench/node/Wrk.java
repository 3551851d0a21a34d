package dev.criexporter.bench.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Load from wrk (Debian package): N keep-alive connections scraping with Accept-Encoding: gzip. */
final class Wrk {

  /** What one wrk run measured; latencies in milliseconds. */
  record Result(int connections, int seconds, long requests, double requestsPerSecond,
      Map<String, Double> latencyMs, long errors, String raw) {
  }

  private static final Pattern PERCENTILE =
      Pattern.compile("^\\s*(50|75|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern SOCKET_ERRORS = Pattern.compile(
      "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

  private final Path script;

  private Wrk(Path script) {
    this.script = script;
  }

  /** Whether wrk is on the PATH. */
  static boolean available() {
    return Tools.onPath("wrk");
  }

  /** Writes the Lua script that adds the gzip header. */
  static Wrk prepare(Path dir) {
    try {
      Path s = dir.resolve("gzip.lua");
      Files.writeString(s, "wrk.headers[\"Accept-Encoding\"] = \"gzip\"\n", StandardCharsets.UTF_8);
      return new Wrk(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs wrk for {@code seconds} with {@code connections} connections (1 thread per 5). */
  Result run(String url, int connections, int seconds) {
    int threads = Math.max(1, Math.min(2, connections / 5));
    List<String> cmd = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
        "-d" + seconds + "s", "--timeout", "30s", "--latency", "-s", script.toString(), url));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("wrk did not finish");
      }
      return parse(connections, seconds, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Result parse(int connections, int seconds, String out) {
    Map<String, Double> lat = new LinkedHashMap<>();
    Matcher m = PERCENTILE.matcher(out);
    while (m.find()) {
      double v = Double.parseDouble(m.group(2));
      double ms = switch (m.group(3)) {
        case "us" -> v / 1000;
        case "s" -> v * 1000;
        default -> v;
      };
      lat.put("p" + m.group(1), ms);
    }
    long requests = find(REQUESTS, out);
    Matcher r = RPS.matcher(out);
    double rps = r.find() ? Double.parseDouble(r.group(1)) : 0;
    long errors = 0;
    Matcher se = SOCKET_ERRORS.matcher(out);
    if (se.find()) {
      for (int i = 1; i <= 4; i++) {
        errors += Long.parseLong(se.group(i));
      }
    }
    errors += find(NON_2XX, out);
    return new Result(connections, seconds, requests, rps, lat, errors, out);
  }

  private static long find(Pattern p, String s) {
    Matcher m = p.matcher(s);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
