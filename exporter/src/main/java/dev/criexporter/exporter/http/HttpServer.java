package dev.criexporter.exporter.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The HTTP face of the exporter: the metrics path, {@code /healthz}, {@code /readyz} and a small
 * landing page. The metrics handler only copies the latest rendering out; it never calls the
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
    PathHandler paths = new PathHandler(notFound())
        .addExactPath(metricsPath, metrics(exposition, scrapeNanos))
        .addExactPath("/healthz", probe(healthy, "ok\n", "poll loop stalled\n"))
        .addExactPath("/readyz", probe(ready, "ready\n", "waiting for the first poll\n"))
        .addExactPath("/", page(landing));
    this.undertow = Undertow.builder()
        .addHttpListener(address.getPort(), address.getHostString())
        .setIoThreads(1)
        .setWorkerThreads(2)
        .setDirectBuffers(true)
        .setBufferSize(16 * 1024)
        .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
        .setServerOption(UndertowOptions.IDLE_TIMEOUT, 120_000)
        .setHandler(exchange -> {
          if (!exchange.getRequestMethod().equals(Methods.GET)
              && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.setStatusCode(StatusCodes.METHOD_NOT_ALLOWED);
            exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
            exchange.endExchange();
            return;
          }
          paths.handleRequest(exchange);
        })
        .build();
  }

  /** Starts listening. */
  public HttpServer start() {
    undertow.start();
    return this;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  private static HttpHandler metrics(Supplier<Rendered> exposition, LongConsumer scrapeNanos) {
    return exchange -> {
      long start = System.nanoTime();
      String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
      String encoding = exchange.getRequestHeaders().getFirst(Headers.ACCEPT_ENCODING);
      boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
      boolean gzip = encoding != null && acceptsGzip(encoding);
      Rendered r = exposition.get();
      var body = r.body(openMetrics, gzip);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE,
          openMetrics ? Rendered.OPENMETRICS_TYPE : Rendered.TEXT_TYPE);
      exchange.getResponseHeaders().put(Headers.VARY, "Accept, Accept-Encoding");
      if (gzip) {
        exchange.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
      }
      exchange.setResponseContentLength(body.remaining());
      if (exchange.getRequestMethod().equals(Methods.HEAD)) {
        exchange.endExchange();
      } else {
        exchange.getResponseSender().send(body);
      }
      scrapeNanos.accept(System.nanoTime() - start);
    };
  }

  static boolean acceptsGzip(String acceptEncoding) {
    for (String part : acceptEncoding.split(",")) {
      String[] kv = part.trim().split(";");
      if (kv[0].trim().equalsIgnoreCase("gzip")) {
        for (int i = 1; i < kv.length; i++) {
          String p = kv[i].trim().replace(" ", "");
          if (p.equals("q=0") || p.equals("q=0.0") || p.equals("q=0.00") || p.equals("q=0.000")) {
            return false;
          }
        }
        return true;
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
