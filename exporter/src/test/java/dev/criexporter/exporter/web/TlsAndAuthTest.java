package dev.criexporter.exporter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.Main;
import dev.criexporter.exporter.poll.ScriptedCriClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and basic auth with real clients: curl and openssl-made certificates (RSA PKCS#1 server
 * key, EC SEC1 client key, PKCS#8 CA key), exercised the way Prometheus would use them.
 */
class TlsAndAuthTest {
  @TempDir static Path dir;
  static final String PASSWORD = "s3cret-scrape";

  @BeforeAll
  static void certificates() throws Exception {
    for (String tool : List.of("/usr/bin/openssl", "/usr/bin/curl")) {
      if (!Files.isExecutable(Path.of(tool))) {
        if ("true".equals(System.getenv("CI"))) {
          throw new AssertionError(tool + " is missing");
        }
        Assumptions.abort(tool + " is missing");
      }
    }
    sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca.key");
    sh("openssl req -x509 -new -key ca.key -days 2 -subj /CN=test-ca -out ca.crt");
    sh("openssl genrsa -traditional -out server.key 2048");
    sh("openssl req -new -key server.key -subj /CN=127.0.0.1 -out server.csr");
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    sh("openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2"
        + " -extfile san.ext -out server.crt");
    sh("openssl ecparam -name prime256v1 -genkey -noout -out client.key");
    sh("openssl req -new -key client.key -subj /CN=prometheus -out client.csr");
    sh("openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2"
        + " -out client.crt");
    sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout rogue.key -days 2 -subj /CN=rogue"
        + " -out rogue.crt");
  }

  static String sh(String cmd) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", cmd).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    if (p.exitValue() != 0) {
      throw new AssertionError(cmd + " failed: " + out);
    }
    return out;
  }

  /** Runs curl; returns the HTTP status, or -exitcode when the connection failed. */
  static int curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w",
        "%{http_code}", "--max-time", "10"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor(20, TimeUnit.SECONDS);
    return p.exitValue() != 0 ? -p.exitValue() : Integer.parseInt(out);
  }

  static Path config(String name, String yaml) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml);
    return f;
  }

  static Exporter start(WebConfig web, InetSocketAddress health) throws Exception {
    ScriptedCriClient cri = new ScriptedCriClient();
    cri.add(1, "web-1", "shop", "nginx", 1_000_000_000L, 4096);
    Exporter e = Exporter.start(ExporterConfig.builder()
        .listen(new InetSocketAddress("127.0.0.1", 0)).web(web).healthListen(health)
        .pollInterval(Duration.ofSeconds(1)).cgroupRoot(Path.of("/nonexistent")).build(),
        cri, Clock.systemUTC());
    assertThat(e.awaitFirstPoll(10, TimeUnit.SECONDS)).isTrue();
    return e;
  }

  @Test
  void mutualTlsAcceptsOnlyClientsOfTheConfiguredCa() throws Exception {
    WebConfig web = WebConfig.load(config("mtls.yml", """
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
          client_auth_type: RequireAndVerifyClientCert
          client_ca_file: ca.crt
        http_server_config:
          headers:
            Strict-Transport-Security: max-age=31536000
        """));
    try (Exporter e = start(web, null)) {
      String url = "https://127.0.0.1:" + e.port() + "/metrics";
      assertThat(curl("--cacert", "ca.crt", "--cert", "client.crt", "--key", "client.key", url))
          .isEqualTo(200);
      assertThat(curl("--cacert", "ca.crt", url)).as("no client certificate").isNegative();
      assertThat(curl("--cacert", "ca.crt", "--cert", "rogue.crt", "--key", "rogue.key", url))
          .as("client certificate from another CA").isNegative();
      assertThat(curl("http://127.0.0.1:" + e.port() + "/metrics")).as("plain HTTP")
          .isNotEqualTo(200);
      String headers = sh("curl -s -D - -o /dev/null --cacert ca.crt --cert client.crt --key"
          + " client.key " + url);
      assertThat(headers).contains("Strict-Transport-Security: max-age=31536000");
    }
  }

  @Test
  void basicAuthOverTlsWithAPlainHealthListener() throws Exception {
    String hash = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(10, PASSWORD.toCharArray());
    WebConfig web = WebConfig.load(config("auth.yml", """
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
          min_version: TLS13
        basic_auth_users:
          prometheus: '%s'
        """.formatted(hash)));
    try (Exporter e = start(web, new InetSocketAddress("127.0.0.1", 0))) {
      String url = "https://127.0.0.1:" + e.port() + "/metrics";
      assertThat(curl("--cacert", "ca.crt", "-u", "prometheus:" + PASSWORD, url)).isEqualTo(200);
      assertThat(curl("--cacert", "ca.crt", "-u", "prometheus:" + PASSWORD, url))
          .as("cached verification").isEqualTo(200);
      assertThat(curl("--cacert", "ca.crt", "-u", "prometheus:wrong", url)).isEqualTo(401);
      assertThat(curl("--cacert", "ca.crt", "-u", "nobody:" + PASSWORD, url)).isEqualTo(401);
      assertThat(curl("--cacert", "ca.crt", url)).isEqualTo(401);
      assertThat(curl("--cacert", "ca.crt", "https://127.0.0.1:" + e.port() + "/healthz"))
          .as("health on the main listener is behind auth too").isEqualTo(401);
      assertThat(curl("--cacert", "ca.crt", "--tls-max", "1.2", "-u", "prometheus:" + PASSWORD,
          url)).as("TLS 1.2 refused with min_version TLS13").isNegative();
      int health = e.healthPort().orElseThrow();
      assertThat(curl("http://127.0.0.1:" + health + "/healthz")).isEqualTo(200);
      assertThat(curl("http://127.0.0.1:" + health + "/readyz")).isEqualTo(200);
      assertThat(curl("http://127.0.0.1:" + health + "/metrics"))
          .as("the health listener serves nothing else").isEqualTo(404);
    }
  }

  @Test
  void plainHttpStaysTheDefault() throws Exception {
    try (Exporter e = start(WebConfig.PLAIN, null)) {
      assertThat(curl("http://127.0.0.1:" + e.port() + "/metrics")).isEqualTo(200);
    }
  }

  @Test
  void badConfigsNameTheKey() throws Exception {
    assertThatThrownBy(() -> WebConfig.load(config("a.yml", "tls_server_config:\n"
        + "  cert_file: server.crt\n"))).hasMessageContaining("tls_server_config.key_file");
    assertThatThrownBy(() -> WebConfig.load(config("b.yml", "tls_server_config:\n"
        + "  cert_file: nope.crt\n  key_file: server.key\n")))
        .hasMessageContaining("tls_server_config.cert_file").hasMessageContaining("nope.crt");
    assertThatThrownBy(() -> WebConfig.load(config("c.yml", "tls_server_config:\n"
        + "  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: Maybe\n")))
        .hasMessageContaining("client_auth_type");
    assertThatThrownBy(() -> WebConfig.load(config("d.yml", "basic_auth_users:\n"
        + "  alice: plaintext\n"))).hasMessageContaining("basic_auth_users.alice");
    assertThatThrownBy(() -> WebConfig.load(config("e.yml", "tls_sever_config: {}\n")))
        .hasMessageContaining("tls_sever_config: unknown key");
    assertThatThrownBy(() -> WebConfig.load(config("f.yml", "tls_server_config:\n"
        + "  cert_file: server.crt\n  key_file: server.key\n"
        + "  client_auth_type: RequireAndVerifyClientCert\n")))
        .hasMessageContaining("client_ca_file");
    assertThatThrownBy(() -> WebConfig.load(config("g.yml", "tls_server_config:\n"
        + "  cert_file: server.crt\n  key_file: server.key\n  min_version: SSL3\n")))
        .hasMessageContaining("min_version");
    assertThatThrownBy(() -> TlsContexts.server(WebConfig.load(config("h.yml",
        "tls_server_config:\n  cert_file: server.key\n  key_file: server.key\n")).tls()
        .orElseThrow())).hasMessageContaining("tls_server_config.cert_file");
    assertThat(WebConfig.load(config("empty.yml", ""))).isEqualTo(WebConfig.PLAIN);

    var cl = Main.commandLine();
    cl.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
    assertThat(cl.execute("--web.config.file=" + dir.resolve("a.yml"))).isEqualTo(2);
  }
}
