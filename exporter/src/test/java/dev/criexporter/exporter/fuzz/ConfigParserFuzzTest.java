package dev.criexporter.exporter.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.criexporter.exporter.Durations;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.Main;
import dev.criexporter.exporter.web.WebConfig;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * Generated input for every parser of the exporter's configuration: {@link Durations#parse}, the
 * size and listen-address parsers of {@link Main}, the whole command line through
 * {@code parseArgs} and {@code config()}, and {@link WebConfig#load} on generated YAML files.
 * Each input either parses or is rejected with the documented exception
 * ({@link IllegalArgumentException}, picocli's {@code ParameterException} or
 * {@code TypeConversionException}); nothing else escapes and nothing hangs (each input runs under
 * a 10 s watchdog).
 *
 * <p>Inputs per run: 100,000 durations, 100,000 sizes, 100,000 listen addresses, 50,000 command
 * lines (each of up to six arguments, most of them flag values for the same converters: picocli
 * takes about 0.3 ms per command line, so these are fewer) and 5,500 web config files: 355,500
 * in all, printed at the end.
 *
 * <p>Listen addresses are parsed into resolved socket addresses, so a host name would be looked
 * up in DNS: generated host names that a resolver would be asked about are made unresolvable
 * without a lookup (prefixed with {@code [[}), keeping the fuzzing off the network. Argument
 * files ({@code @file}) are not generated, and {@code --web.config.file} takes only prepared
 * files: neither reads arbitrary paths.
 */
@Tag("fuzz")
class ConfigParserFuzzTest {

  private static final Duration WATCHDOG = Duration.ofSeconds(10);
  private static ExecutorService watchdog;
  private static Path dir;
  private static final AtomicLong INPUTS = new AtomicLong();

  private static final MethodHandle PARSE_LISTEN;
  private static final MethodHandle CONFIG;
  private static final CommandLine.ITypeConverter<Long> SIZE;

  static {
    try {
      MethodHandles.Lookup main = MethodHandles.privateLookupIn(Main.class, MethodHandles.lookup());
      PARSE_LISTEN = main.findStatic(Main.class, "parseListen",
          MethodType.methodType(InetSocketAddress.class, String.class, String.class));
      CONFIG = main.findVirtual(Main.class, "config", MethodType.methodType(ExporterConfig.class));
      Class<?> size = Class.forName(Main.class.getName() + "$SizeConverter");
      var ctor = size.getDeclaredConstructor();
      ctor.setAccessible(true);
      @SuppressWarnings("unchecked")
      CommandLine.ITypeConverter<Long> c = (CommandLine.ITypeConverter<Long>) ctor.newInstance();
      SIZE = c;
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @BeforeContainer
  static void setUp() throws IOException {
    watchdog = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-input");
      t.setDaemon(true);
      return t;
    });
    dir = Files.createTempDirectory("cri-exporter-fuzz-");
    Files.writeString(dir.resolve("server.crt"), "not really a certificate\n");
    Files.writeString(dir.resolve("server.key"), "not really a key\n");
    Files.writeString(dir.resolve("ca.crt"), "not really a CA\n");
    Files.writeString(dir.resolve("empty.yml"), "");
    Files.writeString(dir.resolve("bad.yml"), "tls_server_config: [\n");
    Files.writeString(dir.resolve("users.yml"), "basic_auth_users:\n  u: nope\n");
  }

  @AfterContainer
  static void tearDown() throws IOException {
    watchdog.shutdownNow();
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
    System.out.printf("config parser fuzzing: %,d generated inputs%n", INPUTS.get());
  }

  /** Runs one input under the watchdog; returns its outcome or rethrows what it threw. */
  private static <T> T guarded(Object input, Callable<T> body) throws Throwable {
    INPUTS.incrementAndGet();
    Future<T> f = watchdog.submit(body);
    try {
      return f.get(WATCHDOG.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return fail("no answer within " + WATCHDOG + " for input " + quote(input));
    } catch (ExecutionException e) {
      throw e.getCause();
    }
  }

  private static String quote(Object input) {
    StringBuilder b = new StringBuilder();
    String s = String.valueOf(input);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return "\"" + b + "\"";
  }

  // ---- what the fuzzing found, pinned ------------------------------------------------------

  @Example
  void durationsTooLongForJavaAreRejectedAsArguments() {
    for (String text : List.of("2562047788015216h", "153722867280912931m",
        "9223372036854775807s1s")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Durations.parse(text))
          .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining(text);
    }
  }

  @Example
  void durationsTheExporterCannotComputeWithAreRefusedNamingTheFlag() throws Throwable {
    for (String[] args : List.of(new String[] {"--poll.interval=9999999999999h"},
        new String[] {"--poll.interval=1s", "--cri.timeout=9999999999999h"},
        new String[] {"--poll.keep-stale=100000000h"},
        new String[] {"--crosscheck.cpu-slack=3000000h"},
        new String[] {"--crosscheck.ghost-scan-interval=9000h"})) {
      commandLine.parseArgs(args);
      String flag = args[args.length - 1].substring(0, args[args.length - 1].indexOf('='));
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> CONFIG.invoke((Main) commandLine.getCommand()))
          .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining(flag);
    }
  }

  @Example
  void webConfigKeysThatAreNotStringsAreRejected() throws Exception {
    for (String yaml : List.of("1: x", "~: x", "? [a, b]\n: c",
        "basic_auth_users: {1: '$2y$10$" + "a".repeat(53) + "'}",
        "http_server_config: {headers: {~: x}}", "tls_server_config: {true: x}")) {
      Path file = dir.resolve("keys.yml");
      Files.writeString(file, yaml);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebConfig.load(file))
          .as(yaml).isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a string");
    }
  }

  // ---- text ---------------------------------------------------------------------------------

  /** Any characters, lone surrogates and control characters included. */
  private static Arbitrary<String> anyText(int maxLength) {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(maxLength),
        Arbitraries.strings().withChars("0123456789 .:+-_[]%\t\nmshKMGiBkb").ofMaxLength(maxLength),
        Arbitraries.strings().ascii().ofMaxLength(maxLength));
  }

  private static Arbitrary<String> decimal() {
    return Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.longs().between(0, 100_000).map(String::valueOf)),
        Tuple.of(2, Arbitraries.longs().between(0, Long.MAX_VALUE).map(String::valueOf)),
        Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(30))
            .map(BigInteger::toString)),
        Tuple.of(1, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25)));
  }

  // ---- Durations.parse ----------------------------------------------------------------------

  @Property(tries = 50_000)
  void durationsFromAnyText(@ForAll("durationText") String text) throws Throwable {
    Object outcome = guarded(text, () -> {
      try {
        return Durations.parse(text);
      } catch (IllegalArgumentException e) {
        return e;
      }
    });
    if (outcome instanceof Duration d) {
      assertThat(d.isNegative()).as(quote(text)).isFalse();
    }
    Statistics.label("outcome").collect(outcome instanceof Duration ? "parsed" : "rejected");
    Statistics.label("outcome").coverage(c -> c.check("parsed").percentage(p -> p > 1));
  }

  @Provide
  Arbitrary<String> durationText() {
    return Arbitraries.oneOf(anyText(30), Arbitraries.strings().withChars("0123456789mshd ")
        .ofMaxLength(20));
  }

  record Part(String number, String unit) {
    @Override
    public String toString() {
      return number + unit;
    }
  }

  /** Well-formed shapes with every unit: the value is checked exactly, overflow must be an IAE. */
  @Property(tries = 50_000)
  void durationsFromParts(@ForAll("durationParts") List<Part> parts,
      @ForAll("padding") String before, @ForAll("padding") String after) throws Throwable {
    String text = before + String.join("", parts.stream().map(Part::toString).toList()) + after;
    Object outcome = guarded(text, () -> {
      try {
        return Durations.parse(text);
      } catch (IllegalArgumentException e) {
        return e;
      }
    });
    BigInteger nanos = BigInteger.ZERO;
    boolean valid = !parts.isEmpty();
    for (Part p : parts) {
      BigInteger n = new BigInteger(p.number());
      BigInteger unit = switch (p.unit()) {
        case "ms" -> BigInteger.valueOf(1_000_000L);
        case "s" -> BigInteger.valueOf(1_000_000_000L);
        case "m" -> BigInteger.valueOf(60_000_000_000L);
        case "h" -> BigInteger.valueOf(3_600_000_000_000L);
        default -> null;
      };
      if (unit == null || n.bitLength() > 63) {
        valid = false;
        break;
      }
      nanos = nanos.add(n.multiply(unit));
    }
    BigInteger maxNanos = BigInteger.valueOf(Long.MAX_VALUE)
        .multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(999_999_999L));
    valid = valid && nanos.compareTo(maxNanos) <= 0;
    if (valid) {
      assertThat(outcome).as(quote(text)).isInstanceOf(Duration.class);
      Duration d = (Duration) outcome;
      assertThat(BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
          .add(BigInteger.valueOf(d.getNano()))).as(quote(text)).isEqualTo(nanos);
    } else {
      assertThat(outcome).as(quote(text)).isInstanceOf(IllegalArgumentException.class);
    }
    Statistics.label("outcome").collect(valid ? "parsed" : "rejected");
    Statistics.label("outcome").coverage(c -> {
      c.check("parsed").percentage(p -> p > 20);
      c.check("rejected").percentage(p -> p > 5);
    });
  }

  @Provide
  Arbitrary<List<Part>> durationParts() {
    Arbitrary<String> unit = Arbitraries.frequencyOf(
        Tuple.of(12, Arbitraries.of("ms", "s", "m", "h")),
        // No empty unit: "1" + "2s" would read as one part, 12s.
        Tuple.of(1, Arbitraries.of("us", "ns", "d", "S", "MS", "H", "sec", "mm", "µs")));
    return Combinators.combine(decimal(), unit).as(Part::new).list().ofMaxSize(5);
  }

  @Provide
  Arbitrary<String> padding() {
    return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("")),
        Tuple.of(1, Arbitraries.strings().withChars(" \t\n").ofMaxLength(3)));
  }

  // ---- Main.SizeConverter -------------------------------------------------------------------

  @Property(tries = 50_000)
  void sizesFromAnyText(@ForAll("sizeText") String text) throws Throwable {
    Object outcome = guarded(text, () -> {
      try {
        return SIZE.convert(text);
      } catch (CommandLine.TypeConversionException e) {
        return e;
      }
    });
    if (outcome instanceof Long n) {
      assertThat(n).as(quote(text)).isPositive();
    }
    Statistics.label("outcome").collect(outcome instanceof Long ? "parsed" : "rejected");
    Statistics.label("outcome").coverage(c -> c.check("parsed").percentage(p -> p > 5));
  }

  @Provide
  Arbitrary<String> sizeText() {
    return Arbitraries.oneOf(anyText(30), Arbitraries.strings().withChars("0123456789 KMGiB")
        .ofMaxLength(16));
  }

  private static final Map<String, Long> UNITS = Map.of("", 1L, "B", 1L, "KB", 1000L,
      "MB", 1_000_000L, "GB", 1_000_000_000L, "KiB", 1024L, "MiB", 1L << 20, "GiB", 1L << 30);

  @Property(tries = 50_000)
  void sizesFromParts(@ForAll("decimalOrSigned") String number, @ForAll("sizeUnit") String unit,
      @ForAll("padding") String gap) throws Throwable {
    String text = number + gap + unit;
    Object outcome = guarded(text, () -> {
      try {
        return SIZE.convert(text);
      } catch (CommandLine.TypeConversionException e) {
        return e;
      }
    });
    Long mult = UNITS.get(unit);
    BigInteger expected = null;
    // Long.parseLong, like BigInteger, takes any Unicode decimal digits.
    String digits = number.startsWith("+") ? number.substring(1) : number;
    if (mult != null && !digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
      BigInteger n = new BigInteger(digits);
      BigInteger v = n.multiply(BigInteger.valueOf(mult));
      if (v.signum() > 0 && n.bitLength() <= 63 && v.bitLength() <= 63) {
        expected = v;
      }
    }
    if (expected != null) {
      assertThat(outcome).as(quote(text)).isEqualTo(expected.longValueExact());
    } else {
      assertThat(outcome).as(quote(text)).isInstanceOf(CommandLine.TypeConversionException.class);
    }
    Statistics.label("outcome").collect(expected != null ? "parsed" : "rejected");
    Statistics.label("outcome").coverage(c -> {
      c.check("parsed").percentage(p -> p > 20);
      c.check("rejected").percentage(p -> p > 5);
    });
  }

  @Provide
  Arbitrary<String> decimalOrSigned() {
    return Arbitraries.frequencyOf(Tuple.of(6, decimal()),
        Tuple.of(1, decimal().map(s -> "-" + s)), Tuple.of(1, decimal().map(s -> "+" + s)),
        Tuple.of(1, Arbitraries.of("", " ", "0x10", "1e3", "1.5", "١٢", "½")));
  }

  @Provide
  Arbitrary<String> sizeUnit() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.of(UNITS.keySet().toArray(String[]::new))),
        Tuple.of(1, Arbitraries.of("TiB", "kb", "mib", "iB", "b", "K", "KiBB", "M iB")));
  }

  // ---- Main.parseListen ---------------------------------------------------------------------

  @Property(tries = 50_000)
  void listenAddressesFromAnyText(@ForAll("listenText") String raw) throws Throwable {
    checkListen(offline(raw));
  }

  @Property(tries = 50_000)
  void listenAddressesFromParts(@ForAll("listenHost") String host,
      @ForAll("listenPort") String port, @ForAll("padding") String pad) throws Throwable {
    String text = offline(pad + host + ":" + port + pad);
    Object outcome = checkListen(text);
    boolean plainPort = port.matches("[0-9]{1,9}") && Integer.parseInt(port) <= 65535;
    if (plainPort && offline(host + ":" + port).equals(host + ":" + port)) {
      assertThat(outcome).as(quote(text)).isInstanceOf(InetSocketAddress.class);
      assertThat(((InetSocketAddress) outcome).getPort()).isEqualTo(Integer.parseInt(port));
    }
  }

  private static Object checkListen(String text) throws Throwable {
    Object outcome = guarded(text, () -> {
      try {
        return (InetSocketAddress) PARSE_LISTEN.invokeExact(text, "--web.listen-address");
      } catch (IllegalArgumentException e) {
        return e;
      } catch (Throwable t) {
        throw t instanceof Exception ex ? ex : new RuntimeException(t);
      }
    });
    if (outcome instanceof InetSocketAddress a) {
      assertThat(a.getPort()).as(quote(text)).isBetween(0, 65535);
    } else {
      assertThat(((IllegalArgumentException) outcome).getMessage()).as(quote(text))
          .contains("--web.listen-address");
    }
    Statistics.label("outcome")
        .collect(outcome instanceof InetSocketAddress ? "parsed" : "rejected");
    return outcome;
  }

  @Provide
  Arbitrary<String> listenText() {
    return Arbitraries.oneOf(anyText(30),
        Arbitraries.strings().withChars("0123456789.:[]abcdef% ").ofMaxLength(24));
  }

  @Provide
  Arbitrary<String> listenHost() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.of("", "127.0.0.1", "0.0.0.0", "[::1]", "[::]", "::1", "::",
            "localhost", "[", "]", "[]", "[[::1]]", "1.2.3.4.5", "999.1.1.1", "fe80::1%lo",
            "[fe80::1%lo]", "[::ffff:127.0.0.1]", " 127.0.0.1", "127.0.0.1 ", "host name",
            "exämple", "\u0000", "a:b", "::::::::::")),
        Tuple.of(2, Arbitraries.strings().withChars("0123456789.:[]abcdef%").ofMaxLength(40)),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(12)));
  }

  @Provide
  Arbitrary<String> listenPort() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(0, 65535).map(String::valueOf)),
        Tuple.of(2, Arbitraries.integers().between(-100_000, 1_000_000).map(String::valueOf)),
        Tuple.of(1, decimal()),
        Tuple.of(1, Arbitraries.of("", " 80", "80 ", "+80", "0x50", "٨٠", "８０", "80:80",
            "2147483648", "-0", "00080")));
  }

  /**
   * The input unchanged, unless parseListen would hand a host name to the resolver: then the host
   * is prefixed with {@code [[}, which the JDK rejects as a malformed IPv6 literal without asking
   * DNS. Mirrors parseListen's own split of host and port.
   */
  static String offline(String input) {
    String v = input.trim();
    int colon = v.lastIndexOf(':');
    if (colon < 0) {
      return input;
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      return input;
    }
    if (port < 0 || port > 65535 || !needsResolver(host)) {
      return input;
    }
    return "[[" + v;
  }

  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final String DOTTED_QUAD = OCTET + "(\\." + OCTET + "){3}";

  private static boolean needsResolver(String host) {
    if (host.isEmpty() || host.charAt(0) == '[' || host.equals("localhost")) {
      return false;
    }
    boolean literalBranch = Character.digit(host.charAt(0), 16) != -1 || host.charAt(0) == ':';
    return !(literalBranch && (host.contains(":") || host.matches(DOTTED_QUAD)));
  }

  // ---- the whole command line ---------------------------------------------------------------

  private static final List<String> VALUE_FLAGS = List.of("--web.listen-address",
      "--web.telemetry-path", "--web.health-listen-address", "--poll.interval",
      "--poll.keep-stale", "--cri.endpoint", "--cri.timeout", "--cri.max-message-size",
      "--path.hostroot", "--path.cgroup", "--path.cgroup-mode", "--labels.mode",
      "--labels.pod-allowlist", "--crosscheck.memory-tolerance",
      "--crosscheck.memory-tolerance-ratio", "--crosscheck.cpu-slack",
      "--crosscheck.ghost-scan-interval", "--log.format", "--log.level", "--demo");
  private static final List<String> SWITCHES = List.of("--collector.cpu", "--no-collector.cpu",
      "--collector.memory", "--no-collector.memory", "--collector.network",
      "--no-collector.network", "--collector.pods", "--no-collector.pods", "--collector.nope",
      "--demo", "--help", "-h", "--version", "-V", "doctor", "--", "-", "--poll.interval");

  /** A fresh command line per property; parseArgs resets every option to its default. */
  private final CommandLine commandLine = quiet(Main.commandLine());

  private static CommandLine quiet(CommandLine cl) {
    cl.setOut(new java.io.PrintWriter(java.io.Writer.nullWriter()));
    cl.setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()));
    return cl;
  }

  @Example
  void parsingAgainStartsFromTheDefaults() throws Throwable {
    commandLine.parseArgs("--poll.interval=1s", "--no-collector.memory");
    commandLine.parseArgs();
    ExporterConfig c = (ExporterConfig) CONFIG.invoke((Main) commandLine.getCommand());
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.disableCollectors()).isEmpty();
  }

  @Property(tries = 50_000)
  void commandLines(@ForAll("arguments") List<String> args) throws Throwable {
    String[] argv = args.toArray(String[]::new);
    Object outcome = guarded(args, () -> {
      try {
        commandLine.parseArgs(argv);
        return (ExporterConfig) CONFIG.invoke((Main) commandLine.getCommand());
      } catch (CommandLine.ParameterException e) {
        return e;
      } catch (Throwable t) {
        throw t instanceof Exception ex ? ex : new RuntimeException(t);
      }
    });
    if (outcome instanceof ExporterConfig c) {
      usable(c, args);
    }
    Statistics.label("outcome")
        .collect(outcome instanceof ExporterConfig ? "accepted" : "rejected");
    Statistics.label("outcome").coverage(c -> {
      c.check("accepted").percentage(p -> p > 10);
      c.check("rejected").percentage(p -> p > 10);
    });
  }

  /** What an accepted configuration must allow: the exporter computes with these. */
  private static void usable(ExporterConfig c, List<String> args) {
    String why = quote(args);
    assertThat(c.listen().getPort()).as(why).isBetween(0, 65535);
    assertThat(c.pollInterval()).as(why).isPositive();
    assertThat(c.criTimeout()).as(why).isPositive().isLessThanOrEqualTo(c.pollInterval());
    assertThat(c.keepStale().isNegative()).as(why).isFalse();
    assertThat(c.criMaxMessageBytes()).as(why).isGreaterThanOrEqualTo(1 << 20);
    // The poll loop, the liveness probe, the gRPC deadline and the cross-check take these in
    // nanoseconds.
    try {
      c.pollInterval().multipliedBy(3).plus(c.criTimeout().multipliedBy(4)).toNanos();
      c.keepStale().toNanos();
      c.crossCheck().cpuSlack().toNanos();
      c.crossCheck().ghostScanInterval().toNanos();
    } catch (ArithmeticException e) {
      fail("accepted a duration the exporter cannot use: " + why + ": " + e);
    }
  }

  @Provide
  Arbitrary<List<String>> arguments() {
    Arbitrary<String> flag = Arbitraries.of(VALUE_FLAGS);
    Arbitrary<String> value = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of("1s", "500ms", "10s", "1m30s", "2h", "0s", "100ms", "99ms",
            "64MiB", "1MiB", "1KiB", "16MB", "1048576", "0", "-1", ":9758", "127.0.0.1:0",
            "[::1]:0", ":99999", "/metrics", "/", "/healthz", "metrics", "unified", "hybrid",
            "legacy", "v1", "auto", "cadvisor", "lean", "text", "json", "true", "false", "0.02",
            "NaN", "-0.5", "Infinity", "1e308", "/host", "relative", "app,team", ",,,",
            "unix:///run/x.sock", "9999999999999h", "106751991167h", "2562047h", "")),
        Tuple.of(2, anyText(24)),
        Tuple.of(1, decimal().map(n -> n + "h")),
        Tuple.of(1, decimal().map(n -> n + "MiB")));
    Arbitrary<List<String>> assignment = Combinators.combine(flag, value)
        .as((f, v) -> List.of(f + "=" + listenValue(f, v)));
    Arbitrary<List<String>> separate = Combinators.combine(flag, value)
        .as((f, v) -> List.of(f, listenValue(f, v)));
    Arbitrary<List<String>> webConfig = Arbitraries.of("empty.yml", "bad.yml", "users.yml",
        "missing.yml", "")
        .map(f -> List.of("--web.config.file=" + (f.isEmpty() ? "" : dir.resolve(f))));
    Arbitrary<List<String>> token = Arbitraries.frequencyOf(
        Tuple.of(6, assignment), Tuple.of(2, separate),
        Tuple.of(2, Arbitraries.of(SWITCHES).map(List::of)),
        Tuple.of(1, webConfig),
        Tuple.of(1, anyText(20).map(ConfigParserFuzzTest::noArgumentFile).map(List::of)));
    return token.list().ofMaxSize(6).map(l -> {
      List<String> out = new ArrayList<>();
      l.forEach(out::addAll);
      return out;
    });
  }

  private static String listenValue(String flag, String value) {
    return flag.endsWith("listen-address") ? offline(value) : value;
  }

  /** A leading {@code @} names an argument file for picocli: never generated. */
  private static String noArgumentFile(String token) {
    return token.startsWith("@") ? "_" + token : token;
  }

  // ---- WebConfig.load -----------------------------------------------------------------------

  @Property(tries = 5_000)
  void webConfigFiles(@ForAll("webConfigText") String text) throws Throwable {
    Path file = dir.resolve("web.yml");
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    Object outcome = loadWebConfig(text, file);
    Statistics.label("outcome").collect(outcome instanceof WebConfig ? "loaded" : "rejected");
    Statistics.label("outcome").coverage(c -> {
      c.check("loaded").percentage(p -> p > 5);
      c.check("rejected").percentage(p -> p > 20);
    });
  }

  @Property(tries = 500)
  void webConfigFilesOfAnyBytes(@ForAll("bytes") byte[] bytes) throws Throwable {
    Path file = dir.resolve("web.yml");
    Files.write(file, bytes);
    loadWebConfig(bytes, file);
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
  }

  private static Object loadWebConfig(Object input, Path file) throws Throwable {
    return guarded(input, () -> {
      try {
        return WebConfig.load(file);
      } catch (IllegalArgumentException | CharacterCodingException e) {
        return e;
      }
    });
  }

  @Provide
  Arbitrary<String> webConfigText() {
    return Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.randomValue(r -> dump(document(r), r))),
        Tuple.of(3, Arbitraries.randomValue(r -> mutate(dump(document(r), r), r))),
        Tuple.of(2, Arbitraries.of(ADVERSARIAL)),
        Tuple.of(1, anyText(200)));
  }

  private static final List<String> ADVERSARIAL = List.of(
      "", "---", "--- \n...\n", "---\n---\n", "~", "null", "[]", "{}", "42", "'text'",
      "\uFEFFbasic_auth_users: {}", "a: &a [*a]",
      "a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b]",
      "[".repeat(200) + "]".repeat(200), "{a: ".repeat(100) + "1" + "}".repeat(100),
      "tls_server_config: !!binary aGVsbG8=", "basic_auth_users: !!set {a, b}",
      "http_server_config: {headers: !!omap [a: 1, b: 2]}", "basic_auth_users: !!pairs [a: b]",
      "tls_server_config: {min_version: !!timestamp 2001-12-14t21:59:43.10-05:00}",
      "tls_server_config: {min_version: !!int 0xZZ}",
      "http_server_config: {headers: {x: !!float .nan}}",
      "basic_auth_users: {!!java.lang.Object x: y}", "!!javax.script.ScriptEngineManager [x]",
      "? [a, b]\n: c", "? {a: b}\n: c", "1: x", "~: x", "true: x", "2001-01-01: x",
      "basic_auth_users: {1: '$2y$10$" + "a".repeat(53) + "'}",
      "basic_auth_users: {~: x}", "http_server_config: {headers: {1: 2}}",
      "http_server_config: {headers: {~: ~}}", "tls_server_config: {~: x}",
      "tls_server_config: {cert_file: server.crt, key_file: server.key, 1: x}",
      "tls_server_config: {cert_file: \"\\0\", key_file: server.key}",
      "tls_server_config: {cert_file: [a], key_file: {b: c}}",
      "tls_server_config: {cert_file: server.crt, key_file: server.key, cipher_suites: x}",
      "tls_server_config: {cert_file: server.crt, key_file: server.key,"
          + " cipher_suites: [~, 1, [a]]}",
      "tls_server_config: {cert_file: server.crt, key_file: server.key, client_auth_type: ~}",
      "basic_auth_users: {u: ~}", "basic_auth_users: [a, b]", "http_server_config: {http2: x}",
      "a: b\n\ta: c", "key: \"unterminated", "key: 'a''", "%YAML 9.9\n---\nx: y",
      "%TAG ! tag:x,2000:\n---\n!foo x", "&anchor", "*alias", "a: *undefined",
      "x: " + "9".repeat(400), "basic_auth_users:\n  " + "u".repeat(5000) + ": x");

  /** A random document shaped like a web config: known keys, unknown ones, every value type. */
  private static Object document(Random r) {
    Map<Object, Object> top = new LinkedHashMap<>();
    if (r.nextInt(3) > 0) {
      Map<Object, Object> tls = new LinkedHashMap<>();
      putSome(r, tls, "cert_file", () -> r.nextInt(3) > 0 ? "server.crt" : scalar(r));
      putSome(r, tls, "key_file", () -> r.nextInt(3) > 0 ? "server.key" : scalar(r));
      putSome(r, tls, "client_ca_file", () -> r.nextBoolean() ? "ca.crt" : scalar(r));
      putSome(r, tls, "client_auth_type", () -> r.nextInt(3) > 0 ? pick(r, "NoClientCert",
          "RequestClientCert", "RequireAnyClientCert", "VerifyClientCertIfGiven",
          "RequireAndVerifyClientCert") : scalar(r));
      putSome(r, tls, "min_version", () -> r.nextInt(3) > 0 ? pick(r, "TLS10", "TLS11", "TLS12",
          "TLS13", "tls12") : scalar(r));
      putSome(r, tls, "max_version", () -> r.nextInt(3) > 0 ? pick(r, "TLS12", "TLS13")
          : scalar(r));
      putSome(r, tls, "cipher_suites", () -> r.nextBoolean()
          ? java.util.Arrays.asList("TLS_AES_128_GCM_SHA256", scalar(r)) : value(r, 2));
      if (r.nextInt(5) == 0) {
        tls.put(key(r), value(r, 2));
      }
      top.put("tls_server_config", r.nextInt(8) == 0 ? value(r, 2) : tls);
    }
    if (r.nextBoolean()) {
      Map<Object, Object> users = new LinkedHashMap<>();
      for (int i = r.nextInt(4); i > 0; i--) {
        users.put(r.nextInt(4) > 0 ? "user" + i : key(r), r.nextInt(3) > 0
            ? "$2y$10$" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0".substring(0,
                r.nextInt(8) > 0 ? 53 : r.nextInt(54)) : value(r, 1));
      }
      top.put("basic_auth_users", r.nextInt(8) == 0 ? value(r, 2) : users);
    }
    if (r.nextBoolean()) {
      Map<Object, Object> headers = new LinkedHashMap<>();
      for (int i = r.nextInt(4); i > 0; i--) {
        headers.put(r.nextInt(4) > 0 ? "X-Header-" + i : key(r), value(r, 1));
      }
      Map<Object, Object> http = new LinkedHashMap<>();
      http.put("headers", r.nextInt(8) == 0 ? value(r, 2) : headers);
      if (r.nextInt(4) == 0) {
        http.put(r.nextBoolean() ? "http2" : key(r), value(r, 1));
      }
      top.put("http_server_config", http);
    }
    if (r.nextInt(6) == 0) {
      top.put(key(r), value(r, 3));
    }
    return r.nextInt(20) == 0 ? value(r, 3) : top;
  }

  private static void putSome(Random r, Map<Object, Object> m, String key,
      java.util.function.Supplier<Object> v) {
    if (r.nextInt(4) > 0) {
      m.put(key, v.get());
    }
  }

  private static String pick(Random r, String... options) {
    return options[r.nextInt(options.length)];
  }

  /** Keys are mostly strings; YAML also allows numbers, booleans, null and collections. */
  private static Object key(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> r.nextInt(1000);
      case 1 -> r.nextBoolean();
      case 2 -> null;
      case 3 -> java.util.Arrays.asList("a", r.nextInt(9));
      case 4 -> 1.5;
      default -> text(r, 12);
    };
  }

  private static Object scalar(Random r) {
    return switch (r.nextInt(9)) {
      case 0 -> null;
      case 1 -> r.nextLong();
      case 2 -> r.nextBoolean();
      case 3 -> r.nextDouble() * 1e6;
      case 4 -> new BigInteger(100, r);
      case 5 -> new byte[] {1, 2, (byte) r.nextInt()};
      default -> text(r, 20);
    };
  }

  private static Object value(Random r, int depth) {
    if (depth <= 0 || r.nextInt(3) > 0) {
      return scalar(r);
    }
    if (r.nextBoolean()) {
      List<Object> l = new ArrayList<>();
      for (int i = r.nextInt(4); i > 0; i--) {
        l.add(value(r, depth - 1));
      }
      return l;
    }
    Map<Object, Object> m = new LinkedHashMap<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      m.put(key(r), value(r, depth - 1));
    }
    return m;
  }

  private static String text(Random r, int max) {
    int n = r.nextInt(max + 1);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(switch (r.nextInt(6)) {
        case 0 -> (char) r.nextInt(0x10000);
        case 1 -> ":-[]{}&*!|>'\"#%@`, \n\t?~\\".charAt(r.nextInt(24));
        default -> (char) ('a' + r.nextInt(26));
      });
    }
    return b.toString();
  }

  private static String dump(Object doc, Random r) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.values()[r.nextInt(3)]);
    o.setAllowUnicode(r.nextBoolean());
    try {
      return new Yaml(o).dump(doc);
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      // Characters YAML cannot represent (lone surrogates, some controls): keep them anyway.
      return String.valueOf(doc);
    }
  }

  /** Breaks well-formed YAML the way hand editing does: cuts, pastes and stray characters. */
  private static String mutate(String yaml, Random r) {
    StringBuilder b = new StringBuilder(yaml);
    for (int i = 1 + r.nextInt(3); i > 0 && b.length() > 0; i--) {
      int at = r.nextInt(b.length());
      switch (r.nextInt(4)) {
        case 0 -> b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(8)));
        case 1 -> b.insert(at, ":-[]{}&*!|>'\"#%@`, \n\t?~".charAt(r.nextInt(22)));
        case 2 -> b.insert(at, b.substring(r.nextInt(b.length())));
        default -> b.setCharAt(at, (char) r.nextInt(0x80));
      }
    }
    return b.toString();
  }
}
