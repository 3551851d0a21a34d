package dev.criexporter.exporter.web;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * HTTP basic authentication against bcrypt hashes. bcrypt is deliberately slow (tens of ms), so
 * a successful check is remembered for a minute, keyed by a SHA-256 of the credentials (never the
 * password itself), and checks run off the I/O thread.
 */
public final class BasicAuthHandler implements HttpHandler {
  private final Map<String, String> users;
  private final HttpHandler next;
  private final Cache<String, Boolean> verified = Caffeine.newBuilder().maximumSize(1_000)
      .expireAfterWrite(Duration.ofMinutes(1)).build();

  public BasicAuthHandler(Map<String, String> users, HttpHandler next) {
    this.users = Map.copyOf(users);
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      deny(exchange);
      return;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      deny(exchange);
      return;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      deny(exchange);
      return;
    }
    String user = decoded.substring(0, colon);
    String hash = users.get(user);
    if (hash == null) {
      deny(exchange);
      return;
    }
    String key = fingerprint(decoded, hash);
    if (verified.getIfPresent(key) != null) {
      next.handleRequest(exchange);
      return;
    }
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    char[] password = decoded.substring(colon + 1).toCharArray();
    if (BCrypt.verifyer().verify(password, hash.toCharArray()).verified) {
      verified.put(key, Boolean.TRUE);
      next.handleRequest(exchange);
    } else {
      deny(exchange);
    }
  }

  private static void deny(HttpServerExchange exchange) {
    exchange.setStatusCode(StatusCodes.UNAUTHORIZED);
    exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Basic realm=\"cri-exporter\"");
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send("unauthorized\n");
  }

  private static String fingerprint(String credentials, String hash) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(credentials.getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(hash.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
