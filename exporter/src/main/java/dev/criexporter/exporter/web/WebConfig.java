package dev.criexporter.exporter.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The web configuration file, in the format Prometheus exporters share (exporter-toolkit):
 * {@code tls_server_config} (cert_file, key_file, client_auth_type, client_ca_file, min_version,
 * max_version, cipher_suites), {@code http_server_config.headers} and {@code basic_auth_users}
 * (user → bcrypt hash). Relative file names are resolved against the config file's directory.
 * Every error names the key.
 *
 * @param tls TLS settings, if the listener should speak TLS
 * @param users basic-auth users and their bcrypt hashes (empty: no authentication)
 * @param headers response headers to add
 */
public record WebConfig(Optional<Tls> tls, Map<String, String> users, Map<String, String> headers) {

  /** No TLS, no authentication. */
  public static final WebConfig PLAIN = new WebConfig(Optional.empty(), Map.of(), Map.of());

  public WebConfig {
    users = Map.copyOf(users);
    headers = Map.copyOf(headers);
  }

  /** How the server treats client certificates (exporter-toolkit's names). */
  public enum ClientAuth {
    NO_CLIENT_CERT("NoClientCert"),
    REQUEST_CLIENT_CERT("RequestClientCert"),
    REQUIRE_ANY_CLIENT_CERT("RequireAnyClientCert"),
    VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven"),
    REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert");

    final String configName;

    ClientAuth(String configName) {
      this.configName = configName;
    }

    static ClientAuth parse(String v) {
      for (ClientAuth a : values()) {
        if (a.configName.equals(v)) {
          return a;
        }
      }
      throw new IllegalArgumentException("tls_server_config.client_auth_type: '" + v
          + "' is not one of NoClientCert, RequestClientCert, RequireAnyClientCert,"
          + " VerifyClientCertIfGiven, RequireAndVerifyClientCert");
    }

    /** Whether a presented certificate is checked against the client CA. */
    public boolean verifies() {
      return this == VERIFY_CLIENT_CERT_IF_GIVEN || this == REQUIRE_AND_VERIFY_CLIENT_CERT;
    }

    /** Whether a connection without a client certificate is refused. */
    public boolean requires() {
      return this == REQUIRE_ANY_CLIENT_CERT || this == REQUIRE_AND_VERIFY_CLIENT_CERT;
    }
  }

  /**
   * TLS settings.
   *
   * @param certFile PEM certificate chain
   * @param keyFile PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC)
   * @param clientAuth client certificate policy
   * @param clientCaFile PEM CA bundle that client certificates must chain to
   * @param minVersion lowest protocol, e.g. TLSv1.2
   * @param maxVersion highest protocol, e.g. TLSv1.3
   * @param cipherSuites allowed suites (IANA names); empty = the JVM's defaults
   */
  public record Tls(Path certFile, Path keyFile, ClientAuth clientAuth, Optional<Path> clientCaFile,
      String minVersion, String maxVersion, List<String> cipherSuites) {
    public Tls {
      cipherSuites = List.copyOf(cipherSuites);
    }
  }

  private static final Set<String> TOP_KEYS = Set.of("tls_server_config", "http_server_config",
      "basic_auth_users");
  private static final Set<String> TLS_KEYS = Set.of("cert_file", "key_file", "client_auth_type",
      "client_ca_file", "client_allowed_sans", "min_version", "max_version", "cipher_suites",
      "prefer_server_cipher_suites", "curve_preferences");
  private static final Map<String, String> VERSIONS = Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1",
      "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");

  /** Reads and validates a web config file. */
  public static WebConfig load(Path file) throws IOException {
    String text = Files.readString(file);
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      return PLAIN;
    }
    Map<String, Object> top = map(root, "the top level");
    unknownKeys(top, TOP_KEYS, "");
    Path dir = file.toAbsolutePath().getParent();

    Optional<Tls> tls = Optional.empty();
    if (top.get("tls_server_config") != null) {
      tls = Optional.of(tls(map(top.get("tls_server_config"), "tls_server_config"), dir));
    }
    Map<String, String> users = new LinkedHashMap<>();
    if (top.get("basic_auth_users") != null) {
      map(top.get("basic_auth_users"), "basic_auth_users").forEach((u, h) -> {
        if (!(h instanceof String hash) || !hash.matches("\\$2[aby]?\\$\\d\\d\\$.{53}")) {
          throw new IllegalArgumentException("basic_auth_users." + u
              + ": expected a bcrypt hash ($2y$10$...), e.g. from htpasswd -nBC 10");
        }
        users.put(u, hash);
      });
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (top.get("http_server_config") != null) {
      Map<String, Object> http = map(top.get("http_server_config"), "http_server_config");
      unknownKeys(http, Set.of("headers", "http2"), "http_server_config.");
      if (http.get("headers") != null) {
        map(http.get("headers"), "http_server_config.headers")
            .forEach((k, v) -> headers.put(k, String.valueOf(v)));
      }
    }
    return new WebConfig(tls, users, headers);
  }

  private static Tls tls(Map<String, Object> t, Path dir) {
    unknownKeys(t, TLS_KEYS, "tls_server_config.");
    Path cert = file(t, "cert_file", dir).orElseThrow(() -> new IllegalArgumentException(
        "tls_server_config.cert_file: required"));
    Path key = file(t, "key_file", dir).orElseThrow(() -> new IllegalArgumentException(
        "tls_server_config.key_file: required"));
    ClientAuth auth = t.get("client_auth_type") == null ? ClientAuth.NO_CLIENT_CERT
        : ClientAuth.parse(String.valueOf(t.get("client_auth_type")));
    Optional<Path> ca = file(t, "client_ca_file", dir);
    if (auth.verifies() && ca.isEmpty()) {
      throw new IllegalArgumentException("tls_server_config.client_ca_file: required with"
          + " client_auth_type " + auth.configName);
    }
    String min = version(t, "min_version", "TLS12");
    String max = version(t, "max_version", "TLS13");
    List<String> suites = List.of();
    if (t.get("cipher_suites") != null) {
      if (!(t.get("cipher_suites") instanceof List<?> l)) {
        throw new IllegalArgumentException("tls_server_config.cipher_suites: expected a list");
      }
      suites = l.stream().map(String::valueOf).toList();
    }
    return new Tls(cert, key, auth, ca, min, max, suites);
  }

  private static String version(Map<String, Object> t, String key, String dflt) {
    String v = t.get(key) == null ? dflt : String.valueOf(t.get(key)).toUpperCase(Locale.ROOT);
    String java = VERSIONS.get(v);
    if (java == null) {
      throw new IllegalArgumentException("tls_server_config." + key + ": '" + t.get(key)
          + "' is not one of TLS10, TLS11, TLS12, TLS13");
    }
    return java;
  }

  private static Optional<Path> file(Map<String, Object> t, String key, Path dir) {
    Object v = t.get(key);
    if (v == null || String.valueOf(v).isBlank()) {
      return Optional.empty();
    }
    Path p = dir.resolve(String.valueOf(v));
    if (!Files.isReadable(p)) {
      throw new IllegalArgumentException("tls_server_config." + key + ": cannot read " + p);
    }
    return Optional.of(p);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String where) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(where + ": expected a mapping");
    }
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        throw new IllegalArgumentException(where + ": key " + k + " is not a string");
      }
    }
    return (Map<String, Object>) m;
  }

  private static void unknownKeys(Map<String, Object> m, Set<String> known, String prefix) {
    for (String k : m.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException(prefix + k + ": unknown key");
      }
    }
  }
}
