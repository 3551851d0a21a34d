package dev.criexporter.testsupport.prometheus;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus server of its own for one test: the installed {@code prometheus} binary started as
 * a child process on a free loopback port, with its configuration, data and log in a work
 * directory.
 *
 * <pre>{@code
 * try (PrometheusServer prometheus = PrometheusServer.builder(tempDir.resolve("prometheus"))
 *         .scrapeJob(ScrapeJob.builder("cri-exporter").target("127.0.0.1:" + port)
 *                 .targetLabel("node", "node-a").build())
 *         .ruleFile(Path.of("alerts/cri-exporter.rules.yaml"))
 *         .startOrAbort()) {
 *     prometheus.awaitScrapes("cri-exporter", 5, Duration.ofSeconds(30));
 *     QueryResult up = prometheus.query("cri_runtime_up");
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops the process it started (SIGTERM, then SIGKILL), by its PID, and
 * deletes the work directory; it also runs from a JVM shutdown hook if the test never calls it.
 */
public final class PrometheusServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusServer.class);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final int START_ATTEMPTS = 3;
  private static final long POLL_MILLIS = 50;

  private final Path workDir;
  private final Path configFile;
  private final Path logFile;
  private final boolean keepWorkDir;
  private final HttpClient http;
  private final Thread shutdownHook = new Thread(this::closeFromShutdownHook, "prometheus-server-cleanup");
  /** Warnings of the last API answer on the calling thread, for {@link QueryResult#warnings()}. */
  private final ThreadLocal<List<String>> lastWarnings = ThreadLocal.withInitial(List::of);

  private volatile Process process;
  private volatile int port;
  private volatile Duration startupTime;
  private volatile boolean closed;

  private PrometheusServer(Path workDir, Path configFile, Path logFile, boolean keepWorkDir) {
    this.workDir = workDir;
    this.configFile = configFile;
    this.logFile = logFile;
    this.keepWorkDir = keepWorkDir;
    this.http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
  }

  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  /** Where the server is: {@code http://127.0.0.1:<port>}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** The PID of the Prometheus process. */
  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** How long the process took from start to answering {@code /-/ready}. */
  public Duration startupTime() {
    return startupTime;
  }

  public Path workDir() {
    return workDir;
  }

  /** The generated {@code prometheus.yml}. */
  public Path configFile() {
    return configFile;
  }

  /** Prometheus' stdout and stderr. */
  public Path logFile() {
    return logFile;
  }

  /** The last {@code lines} lines of Prometheus' log, for assertion messages. */
  public String logTail(int lines) {
    return tail(logFile, lines);
  }

  // ---- queries -----------------------------------------------------------------------------

  /** Evaluates {@code expr} as an instant query at the server's current time. */
  public QueryResult query(String expr) {
    return query(expr, null);
  }

  /** Evaluates {@code expr} as an instant query at {@code at} (null: the server's current time). */
  public QueryResult query(String expr, Instant at) {
    Objects.requireNonNull(expr, "expr");
    String form = "query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
        + (at == null ? "" : "&time=" + at.getEpochSecond() + "." + String.format("%09d", at.getNano()));
    Struct data = apiPost("/api/v1/query", form, "query " + expr);
    String type = string(data, "resultType");
    Value result = data.getFieldsOrDefault("result", Value.getDefaultInstance());
    List<Sample> samples = new ArrayList<>();
    switch (type) {
      case "vector" -> {
        for (Value e : result.getListValue().getValuesList()) {
          Struct o = e.getStructValue();
          samples.add(sample(labels(o, "metric"), list(o, "value")));
        }
      }
      case "matrix" -> {
        for (Value e : result.getListValue().getValuesList()) {
          Struct o = e.getStructValue();
          ListValue values = list(o, "values");
          if (values.getValuesCount() > 0) {
            samples.add(sample(labels(o, "metric"), values.getValues(values.getValuesCount() - 1).getListValue()));
          }
        }
      }
      case "scalar" -> samples.add(sample(Map.of(), result.getListValue()));
      default -> throw new PrometheusQueryException("query " + expr + " returned a " + type + ", not a number");
    }
    return new QueryResult(expr, type, samples, lastWarnings.get());
  }

  /**
   * Repeats {@code expr} until its result satisfies {@code until}, and returns that result.
   *
   * @throws AssertionError naming the query and its last result if it does not within {@code timeout}
   */
  public QueryResult awaitQuery(String expr, Predicate<QueryResult> until, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    QueryResult last = null;
    PrometheusQueryException lastError = null;
    while (true) {
      try {
        last = query(expr);
        lastError = null;
        if (until.test(last)) {
          return last;
        }
      } catch (PrometheusQueryException e) {
        lastError = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError failure = new AssertionError("query " + expr + " did not reach the expected result within "
            + timeout.toMillis() + " ms; last result: "
            + (last != null ? last.describe() : "none") + (lastError != null ? "; last error: " + lastError.getMessage() : ""));
        if (lastError != null) {
          failure.initCause(lastError);
        }
        throw failure;
      }
      sleep(POLL_MILLIS * 4);
    }
  }

  /**
   * Waits until every target of {@code job} has been scraped successfully at least
   * {@code scrapes} times (counted from the stored {@code up} samples).
   */
  public void awaitScrapes(String job, int scrapes, Duration timeout) {
    String selector = "up{job=" + promqlString(job) + "}";
    String expr = "min(sum_over_time(" + selector + "[1h])) >= " + scrapes;
    awaitQuery(expr, r -> !r.isEmpty(), timeout);
  }

  /** The active scrape targets with their health and last error. */
  public List<Target> targets() {
    Struct data = apiGet("/api/v1/targets?state=active", "targets");
    List<Target> targets = new ArrayList<>();
    for (Value e : list(data, "activeTargets").getValuesList()) {
      Struct o = e.getStructValue();
      targets.add(new Target(labels(o, "labels"), string(o, "scrapePool"), string(o, "scrapeUrl"),
          string(o, "health"), string(o, "lastError"), instant(string(o, "lastScrape"))));
    }
    return targets;
  }

  /** The loaded rule groups with each rule's health, last error, state and active alerts. */
  public List<RuleGroup> ruleGroups() {
    Struct data = apiGet("/api/v1/rules", "rules");
    List<RuleGroup> groups = new ArrayList<>();
    for (Value g : list(data, "groups").getValuesList()) {
      Struct group = g.getStructValue();
      List<RuleGroup.Rule> rules = new ArrayList<>();
      for (Value r : list(group, "rules").getValuesList()) {
        Struct rule = r.getStructValue();
        List<RuleGroup.Alert> alerts = new ArrayList<>();
        for (Value a : list(rule, "alerts").getValuesList()) {
          Struct alert = a.getStructValue();
          alerts.add(new RuleGroup.Alert(labels(alert, "labels"), labels(alert, "annotations"),
              string(alert, "state"), string(alert, "value")));
        }
        rules.add(new RuleGroup.Rule(string(rule, "name"), string(rule, "type"), string(rule, "query"),
            string(rule, "health"), string(rule, "lastError"), string(rule, "state"),
            instant(string(rule, "lastEvaluation")), labels(rule, "labels"), alerts));
      }
      groups.add(new RuleGroup(string(group, "name"), string(group, "file"), rules));
    }
    return groups;
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /**
   * Stops Prometheus (SIGTERM, then SIGKILL if it is still running after 20 s) and deletes the
   * work directory unless asked to keep it. Safe to call more than once.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down; the hook finds this instance closed
      }
    }
    stopProcess();
    if (!keepWorkDir) {
      deleteRecursively(workDir);
    }
  }

  private void closeFromShutdownHook() {
    if (!closed) {
      LOG.warn("Prometheus in {} was not closed; stopping it from the shutdown hook", workDir);
      close();
    }
  }

  private void stopProcess() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    long pid = p.pid();
    try {
      p.destroy();
      if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Prometheus (pid {}) ignored SIGTERM for {} s; killing it", pid, STOP_TIMEOUT.toSeconds());
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    LOG.info("Prometheus (pid {}) stopped", pid);
  }

  private void start(Path binary, String config, Duration readyTimeout, int fixedPort) {
    try {
      Files.createDirectories(workDir.resolve("data"));
      Files.writeString(configFile, config, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PrometheusStartException("cannot prepare " + workDir + ": " + e, e);
    }
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    for (int attempt = 1; ; attempt++) {
      port = fixedPort > 0 ? fixedPort : freeLoopbackPort();
      long started = System.nanoTime();
      try {
        process = new ProcessBuilder(binary.toString(),
            "--config.file=" + configFile,
            "--storage.tsdb.path=" + workDir.resolve("data"),
            "--storage.tsdb.retention.time=1d",
            "--web.listen-address=127.0.0.1:" + port,
            "--log.level=info")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
      } catch (IOException e) {
        close();
        throw new PrometheusStartException("cannot run " + binary + ": " + e, e);
      }
      Optional<String> failure = awaitReady(readyTimeout);
      if (failure.isEmpty()) {
        startupTime = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("Prometheus (pid {}) ready at {} in {} ms", process.pid(), uri(), startupTime.toMillis());
        return;
      }
      String log = logTail(30);
      stopProcess();
      if (fixedPort == 0 && attempt < START_ATTEMPTS && log.contains("address already in use")) {
        LOG.info("port {} was taken before Prometheus bound it; trying another", port);
        continue;
      }
      close();
      throw new PrometheusStartException("Prometheus did not start: " + failure.get() + System.lineSeparator()
          + "config " + configFile + ", log " + logFile + ":" + System.lineSeparator() + log);
    }
  }

  /** Empty when {@code /-/ready} answered 200; otherwise why not. */
  private Optional<String> awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return Optional.of("the process exited with " + process.exitValue());
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri().resolve("/-/ready"))
            .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return Optional.empty();
        }
        last = "/-/ready answered " + response.statusCode() + ": " + response.body().strip();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("interrupted");
      }
      sleep(POLL_MILLIS);
    }
    return Optional.of("not ready within " + timeout.toMillis() + " ms (" + last + ")");
  }

  // ---- HTTP API ----------------------------------------------------------------------------

  private Struct apiGet(String pathAndQuery, String what) {
    return api(HttpRequest.newBuilder(uri().resolve(pathAndQuery)).timeout(HTTP_TIMEOUT).GET().build(), what);
  }

  private Struct apiPost(String path, String form, String what) {
    return api(HttpRequest.newBuilder(uri().resolve(path)).timeout(HTTP_TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build(), what);
  }

  private Struct api(HttpRequest request, String what) {
    if (closed) {
      throw new IllegalStateException("Prometheus in " + workDir + " is closed");
    }
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new PrometheusQueryException(what + ": cannot reach Prometheus at " + uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PrometheusQueryException(what + ": interrupted", e);
    }
    Struct body;
    try {
      Struct.Builder parsed = Struct.newBuilder();
      JsonFormat.parser().merge(response.body(), parsed);
      body = parsed.build();
    } catch (InvalidProtocolBufferException e) {
      throw new PrometheusQueryException(what + ": HTTP " + response.statusCode() + " with a body that is not a JSON object: "
          + abbreviate(response.body()), e);
    }
    if (!"success".equals(string(body, "status"))) {
      throw new PrometheusQueryException(what + ": " + string(body, "errorType") + ": " + string(body, "error"));
    }
    List<String> warnings = new ArrayList<>();
    list(body, "warnings").getValuesList().forEach(w -> warnings.add(w.getStringValue()));
    lastWarnings.set(List.copyOf(warnings));
    return body.getFieldsOrDefault("data", Value.getDefaultInstance()).getStructValue();
  }

  /** A {@code [<unix seconds>, "<value>"]} pair. */
  private static Sample sample(Map<String, String> labels, ListValue point) {
    if (point.getValuesCount() != 2) {
      throw new PrometheusQueryException("not a [time, value] pair: " + point);
    }
    double seconds = point.getValues(0).getNumberValue();
    long whole = (long) Math.floor(seconds);
    long nanos = Math.min(999_999_999L, Math.round((seconds - whole) * 1e9));
    return new Sample(labels, Instant.ofEpochSecond(whole, nanos), number(point.getValues(1).getStringValue()));
  }

  /** A sample value as Prometheus writes it: a decimal, {@code NaN}, {@code +Inf} or {@code -Inf}. */
  static double number(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** The string members of the object {@code member} of {@code object} (a label set); empty if absent. */
  private static Map<String, String> labels(Struct object, String member) {
    Map<String, String> labels = new LinkedHashMap<>();
    object.getFieldsOrDefault(member, Value.getDefaultInstance()).getStructValue().getFieldsMap()
        .forEach((k, v) -> labels.put(k, v.getStringValue()));
    return labels;
  }

  /** The array {@code member} of {@code object}; empty if absent or null. */
  private static ListValue list(Struct object, String member) {
    return object.getFieldsOrDefault(member, Value.getDefaultInstance()).getListValue();
  }

  /** The string {@code member} of {@code object}; "" if absent or null. */
  private static String string(Struct object, String member) {
    Value v = object.getFieldsOrDefault(member, Value.getDefaultInstance());
    return v.getKindCase() == Value.KindCase.STRING_VALUE ? v.getStringValue() : "";
  }

  private static Instant instant(String text) {
    if (text.isEmpty()) {
      return Instant.EPOCH;
    }
    try {
      Instant parsed = Instant.parse(text);
      return parsed.isBefore(Instant.EPOCH) ? Instant.EPOCH : parsed;
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** {@code value} as a PromQL double-quoted string. */
  static String promqlString(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PrometheusQueryException("interrupted", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("cannot delete {}: {}", p, e.toString());
        }
      });
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.toString());
    }
  }

  @Override
  public String toString() {
    return "PrometheusServer[" + workDir + (process != null ? ", pid " + process.pid() + ", " + uri() : "")
        + (closed ? ", closed" : "") + "]";
  }

  /** Configuration of a {@link PrometheusServer}: scrape jobs, rule files, intervals, the binary. */
  public static final class Builder {

    private final Path workDir;
    private final List<ScrapeJob> jobs = new ArrayList<>();
    private final List<Path> ruleFiles = new ArrayList<>();
    private final Map<String, String> externalLabels = new LinkedHashMap<>();
    private Duration scrapeInterval = Duration.ofSeconds(1);
    private Duration evaluationInterval = Duration.ofSeconds(1);
    private Duration readyTimeout = Duration.ofSeconds(30);
    private Path binary;
    private boolean keepWorkDir;
    private int port;

    private Builder(Path workDir) {
      this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath().normalize();
    }

    public Builder scrapeJob(ScrapeJob job) {
      if (jobs.stream().anyMatch(j -> j.name().equals(job.name()))) {
        throw new IllegalArgumentException("two scrape jobs named " + job.name());
      }
      jobs.add(job);
      return this;
    }

    /** A rule file to load ({@code rule_files}); referenced by its absolute path. */
    public Builder ruleFile(Path file) {
      Path absolute = file.toAbsolutePath().normalize();
      if (!Files.isRegularFile(absolute)) {
        throw new IllegalArgumentException("no rule file at " + absolute);
      }
      ruleFiles.add(absolute);
      return this;
    }

    /** The global scrape interval (default 1 s); jobs set their own. */
    public Builder scrapeInterval(Duration interval) {
      this.scrapeInterval = interval;
      return this;
    }

    /** How often rules are evaluated (default 1 s). */
    public Builder evaluationInterval(Duration interval) {
      this.evaluationInterval = interval;
      return this;
    }

    /** A label Prometheus adds to alerts and federation ({@code global.external_labels}). */
    public Builder externalLabel(String label, String value) {
      externalLabels.put(label, value);
      return this;
    }

    public Builder readyTimeout(Duration timeout) {
      this.readyTimeout = timeout;
      return this;
    }

    /** The binary to run (default: system property {@code prometheus.binary}, {@code PROMETHEUS_BINARY}, then the PATH). */
    public Builder binary(Path binary) {
      this.binary = binary;
      return this;
    }

    /** Listen on this loopback port rather than on a free one picked at start (0, the default). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** Keep the work directory (config, data, log) after {@link #close()}, for a post-mortem. */
    public Builder keepWorkDir(boolean keep) {
      this.keepWorkDir = keep;
      return this;
    }

    /** The {@code prometheus.yml} this builder produces. */
    public String renderConfig() {
      StringBuilder out = new StringBuilder("# Generated by cri-exporter test-support for one test run.\n");
      out.append("global:\n");
      out.append("  scrape_interval: ").append(Yaml.duration(scrapeInterval)).append('\n');
      out.append("  scrape_timeout: ").append(Yaml.duration(scrapeInterval)).append('\n');
      out.append("  evaluation_interval: ").append(Yaml.duration(evaluationInterval)).append('\n');
      if (!externalLabels.isEmpty()) {
        out.append("  external_labels:\n");
        externalLabels.forEach((k, v) -> out.append("    ").append(k).append(": ").append(Yaml.quote(v)).append('\n'));
      }
      if (!ruleFiles.isEmpty()) {
        out.append("rule_files:\n");
        ruleFiles.forEach(f -> out.append("  - ").append(Yaml.quote(f.toString())).append('\n'));
      }
      out.append("scrape_configs:");
      if (jobs.isEmpty()) {
        out.append(" []\n");
      } else {
        out.append('\n');
        jobs.forEach(j -> out.append(j.render(2)));
      }
      return out.toString();
    }

    /**
     * Starts Prometheus and waits until it is ready.
     *
     * @throws PrometheusStartException if the binary is missing, or Prometheus exits or is not ready in time
     */
    public PrometheusServer start() {
      Path executable = binary != null ? binary : locate().orElseThrow(() -> new PrometheusStartException(
          whyMissing() + "; install it: " + ToolAvailability.INSTALL_COMMAND));
      return startWith(executable);
    }

    /**
     * Starts Prometheus, or ends the calling test when no {@code prometheus} binary is
     * installed: failed under {@code CI=true}, skipped otherwise. Any other start failure
     * throws {@link PrometheusStartException}.
     */
    public PrometheusServer startOrAbort() {
      Optional<Path> executable = binary != null ? Optional.of(binary) : locate();
      if (executable.isEmpty()) {
        throw ToolAvailability.failOrSkip(whyMissing(), System.getenv());
      }
      return startWith(executable.get());
    }

    private PrometheusServer startWith(Path executable) {
      try {
        if (Files.exists(workDir)) {
          try (Stream<Path> entries = Files.list(workDir)) {
            if (entries.findAny().isPresent()) {
              throw new IllegalArgumentException("work directory " + workDir + " is not empty");
            }
          }
        }
        Files.createDirectories(workDir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + workDir, e);
      }
      PrometheusServer server = new PrometheusServer(workDir, workDir.resolve("prometheus.yml"),
          workDir.resolve("prometheus.log"), keepWorkDir);
      server.start(executable, renderConfig(), readyTimeout, port);
      return server;
    }

    private static Optional<Path> locate() {
      return ToolAvailability.find("prometheus", "prometheus.binary", "PROMETHEUS_BINARY");
    }

    private static String whyMissing() {
      return ToolAvailability.whyMissing("prometheus", "prometheus.binary", "PROMETHEUS_BINARY");
    }
  }
}
