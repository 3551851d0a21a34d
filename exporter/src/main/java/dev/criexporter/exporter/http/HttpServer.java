package dev.criexporter.exporter.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import dev.criexporter.exporter.web.BasicAuthHandler;
import dev.criexporter.exporter.web.TlsContexts;
import dev.criexporter.exporter.web.WebConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.xnio.Options;
import org.xnio.Sequence;
import org.xnio.SslClientAuthMode;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The HTTP face of the exporter: the metrics path, {@code /healthz}, {@code /readyz} and a small
 * landing page. The metrics handler only sends the latest rendering; it never calls the
 * runtime, reads a file or renders anything.
 */
public final class HttpServer implements AutoCloseable {

  private final Undertow undertow;

  /**
   * @param address where to listen
   * @param metricsPath e.g. {@code /metrics}
   * @param exposition the rendered bodies
   * @param healthy liveness: false when the poll loop is stuck
   * @param ready readiness: true once the first poll has been published
   * @param scrapeNanos told how long each metrics request took to hand its body over
   * @param landing the landing page HTML
   */
  public HttpServer(InetSocketAddress address, String metricsPath, Supplier<Rendered> exposition,
      BooleanSupplier healthy, BooleanSupplier ready, LongConsumer scrapeNanos, String landing) {
    this(address, WebConfig.PLAIN, Optional.empty(), metricsPath, exposition, healthy, ready,
        scrapeNanos, landing);
  }

  /**
   * @param web TLS, basic auth and headers for the main listener
   * @param healthAddress if present, a plain-HTTP listener serving only /healthz and /readyz
   *     without authentication (for kubelet probes when the main listener needs TLS or auth)
   */
  public HttpServer(InetSocketAddress address, WebConfig web,
      Optional<InetSocketAddress> healthAddress, String metricsPath,
      Supplier<Rendered> exposition, BooleanSupplier healthy, BooleanSupplier ready,
      LongConsumer scrapeNanos, String landing) {
    HttpHandler healthz = probe(healthy, "ok\n", "poll loop stalled\n");
    HttpHandler readyz = probe(ready, "ready\n", "waiting for the first poll\n");
    PathHandler paths = new PathHandler(notFound())
        .addExactPath(metricsPath, metrics(exposition, scrapeNanos))
        .addExactPath("/healthz", healthz)
        .addExactPath("/readyz", readyz)
        .addExactPath("/", page(landing));
    HttpHandler main = headers(web.headers(), web.users().isEmpty() ? paths
        : new BasicAuthHandler(web.users(), paths));
    Undertow.Builder b = Undertow.builder();
    if (web.tls().isPresent()) {
      WebConfig.Tls tls = web.tls().get();
      b.addHttpsListener(address.getPort(), address.getHostString(), TlsContexts.server(tls),
          onlyGetAndHead(main));
      b.setSocketOption(Options.SSL_CLIENT_AUTH_MODE, tls.clientAuth().requires()
          ? SslClientAuthMode.REQUIRED : tls.clientAuth() == WebConfig.ClientAuth.NO_CLIENT_CERT
          ? SslClientAuthMode.NOT_REQUESTED : SslClientAuthMode.REQUESTED);
      b.setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(protocols(tls)));
      if (!tls.cipherSuites().isEmpty()) {
        b.setSocketOption(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(tls.cipherSuites()));
      }
    } else {
      b.addHttpListener(address.getPort(), address.getHostString(), onlyGetAndHead(main));
    }
    healthAddress.ifPresent(h -> b.addHttpListener(h.getPort(), h.getHostString(),
        onlyGetAndHead(new PathHandler(notFound()).addExactPath("/healthz", healthz)
            .addExactPath("/readyz", readyz))));
    this.undertow = b
        .setIoThreads(1)
        .setWorkerThreads(2)
        .setDirectBuffers(true)
        .setBufferSize(16 * 1024)
        .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
        .setServerOption(UndertowOptions.IDLE_TIMEOUT, 120_000)
        .build();
  }

  private static HttpHandler onlyGetAndHead(HttpHandler next) {
    return exchange -> {
      if (!exchange.getRequestMethod().equals(Methods.GET)
          && !exchange.getRequestMethod().equals(Methods.HEAD)) {
        exchange.setStatusCode(StatusCodes.METHOD_NOT_ALLOWED);
        exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
        exchange.endExchange();
        return;
      }
      next.handleRequest(exchange);
    };
  }

  private static HttpHandler headers(Map<String, String> headers, HttpHandler next) {
    if (headers.isEmpty()) {
      return next;
    }
    return exchange -> {
      headers.forEach((k, v) -> exchange.getResponseHeaders().put(new HttpString(k), v));
      next.handleRequest(exchange);
    };
  }

  private static List<String> protocols(WebConfig.Tls tls) {
    List<String> all = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    int from = all.indexOf(tls.minVersion());
    int to = all.indexOf(tls.maxVersion());
    if (from > to) {
      throw new IllegalArgumentException("tls_server_config: min_version " + tls.minVersion()
          + " is above max_version " + tls.maxVersion());
    }
    return all.subList(from, to + 1);
  }

  /** Starts listening. */
  public HttpServer start() {
    undertow.start();
    return this;
  }

  /** The bound port of the main listener (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** The bound port of the health listener, if there is one. */
  public Optional<Integer> healthPort() {
    var info = undertow.getListenerInfo();
    return info.size() < 2 ? Optional.empty()
        : Optional.of(((InetSocketAddress) info.get(1).getAddress()).getPort());
  }

  private static HttpHandler metrics(Supplier<Rendered> exposition, LongConsumer scrapeNanos) {
    return exchange -> {
      long start = System.nanoTime();
      String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
      String encoding = exchange.getRequestHeaders().getFirst(Headers.ACCEPT_ENCODING);
      boolean openMetrics = wantsOpenMetrics(accept);
      boolean gzip = encoding != null && acceptsGzip(encoding);
      Rendered r = exposition.get();
      while (!r.retain()) {
        r = exposition.get();
      }
      Runnable release = releaseOnce(r);
      exchange.addExchangeCompleteListener((ex, next) -> {
        release.run();
        next.proceed();
      });
      Body body;
      try {
        body = r.body(openMetrics, gzip);
      } catch (RuntimeException e) {
        release.run();
        throw e;
      }
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE,
          openMetrics ? Rendered.OPENMETRICS_TYPE : Rendered.TEXT_TYPE);
      exchange.getResponseHeaders().put(Headers.VARY, "Accept, Accept-Encoding");
      if (gzip) {
        exchange.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
      }
      exchange.setResponseContentLength(body.length());
      if (exchange.getRequestMethod().equals(Methods.HEAD)) {
        exchange.endExchange();
      } else {
        exchange.getResponseSender().send(body.views(), new IoCallback() {
          @Override
          public void onComplete(HttpServerExchange ex, Sender sender) {
            release.run();
            IoCallback.END_EXCHANGE.onComplete(ex, sender);
          }

          @Override
          public void onException(HttpServerExchange ex, Sender sender, IOException e) {
            release.run();
            IoCallback.END_EXCHANGE.onException(ex, sender, e);
          }
        });
      }
      scrapeNanos.accept(System.nanoTime() - start);
    };
  }

  private static Runnable releaseOnce(Rendered r) {
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        r.release();
      }
    };
  }

  /**
   * OpenMetrics only for a client that accepts nothing else. Prometheus lists OpenMetrics first
   * but accepts the text format too; serving text to it saves rendering the exposition a second
   * time per poll, and the text format carries everything this exporter exposes.
   */
  static boolean wantsOpenMetrics(String accept) {
    if (accept == null || !accept.contains("application/openmetrics-text")) {
      return false;
    }
    for (String part : accept.split(",")) {
      String[] kv = part.trim().split(";");
      String type = kv[0].trim().toLowerCase(java.util.Locale.ROOT);
      if (type.equals("text/plain") || type.equals("text/*") || type.equals("*/*")) {
        if (!zeroQuality(kv)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean zeroQuality(String[] params) {
    for (int i = 1; i < params.length; i++) {
      String p = params[i].trim().replace(" ", "");
      if (p.equals("q=0") || p.equals("q=0.0") || p.equals("q=0.00") || p.equals("q=0.000")) {
        return true;
      }
    }
    return false;
  }

  static boolean acceptsGzip(String acceptEncoding) {
    for (String part : acceptEncoding.split(",")) {
      String[] kv = part.trim().split(";");
      if (kv[0].trim().equalsIgnoreCase("gzip")) {
        return !zeroQuality(kv);
      }
    }
    return false;
  }

  private static HttpHandler probe(BooleanSupplier ok, String good, String bad) {
    return exchange -> {
      boolean up = ok.getAsBoolean();
      exchange.setStatusCode(up ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      exchange.getResponseSender().send(up ? good : bad, StandardCharsets.UTF_8);
    };
  }

  private static HttpHandler page(String html) {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    return exchange -> {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
      exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(bytes));
    };
  }

  private static HttpHandler notFound() {
    return (HttpServerExchange exchange) -> {
      exchange.setStatusCode(StatusCodes.NOT_FOUND);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      exchange.getResponseHeaders().put(new HttpString("X-Content-Type-Options"), "nosniff");
      exchange.getResponseSender().send("not found\n", StandardCharsets.UTF_8);
    };
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
