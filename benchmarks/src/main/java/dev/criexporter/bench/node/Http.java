package dev.criexporter.bench.node;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/** Plain HTTP/1.1 GETs for scrapes and probes. */
final class Http {

  /** A response: status, the body as sent (maybe gzip), and the time to read it whole. */
  record Response(int status, byte[] body, boolean gzip, long nanos) {
    /** The body as text, gunzipped if it was sent compressed. */
    String text() {
      if (!gzip) {
        return new String(body, StandardCharsets.UTF_8);
      }
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 64 * 1024)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  Response get(String url, boolean gzip) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    if (gzip) {
      b.header("Accept-Encoding", "gzip");
    }
    long t0 = System.nanoTime();
    try {
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      long t = System.nanoTime() - t0;
      boolean gz = r.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip"))
          .orElse(false);
      return new Response(r.statusCode(), r.body(), gz, t);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The status of a GET, or -1 when nothing answers. */
  int status(String url) {
    try {
      return get(url, false).status();
    } catch (UncheckedIOException e) {
      return -1;
    }
  }

  /** Scrapes with gzip and parses the text. */
  Exposition scrape(String url) {
    Response r = get(url, true);
    if (r.status() != 200) {
      throw new IllegalStateException(url + " answered " + r.status());
    }
    return Exposition.parse(r.text());
  }
}
