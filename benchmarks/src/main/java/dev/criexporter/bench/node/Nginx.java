package dev.criexporter.bench.node;

import dev.criexporter.bench.SimHosts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private nginx on loopback serving one pre-compressed file at /metrics with
 * {@code Content-Encoding: gzip}: what serving a cached gzip body costs a mature C server. Its own
 * config, pid and logs live in a temporary directory; it runs in the foreground as our child and
 * is stopped by its PID.
 */
final class Nginx implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path dir;

  private Nginx(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  static boolean available() {
    return Tools.onPath("nginx");
  }

  static String version() {
    return Tools.firstLine(List.of(Tools.find("nginx").toString(), "-v"));
  }

  /**
   * Serves {@code gzipBody} as http://127.0.0.1:PORT/metrics from a fresh directory that its
   * workers (an unprivileged user) can read.
   */
  static Nginx start(byte[] gzipBody, Http http) {
    try {
      Path dir = SimHosts.scratchDir("cri-bench-nginx-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.createDirectories(dir.resolve("tmp"));
      Path body = dir.resolve("metrics.gz");
      Files.write(body, gzipBody);
      Files.setPosixFilePermissions(body, PosixFilePermissions.fromString("rw-r--r--"));
      int port = ExporterProcess.freePort();
      String conf = """
          daemon off;
          master_process on;
          worker_processes auto;
          pid %1$s/nginx.pid;
          error_log %1$s/error.log warn;
          events { worker_connections 1024; }
          http {
            access_log off;
            sendfile on;
            tcp_nopush on;
            keepalive_timeout 65;
            keepalive_requests 1000000;
            client_body_temp_path %1$s/tmp/body;
            proxy_temp_path %1$s/tmp/proxy;
            fastcgi_temp_path %1$s/tmp/fastcgi;
            uwsgi_temp_path %1$s/tmp/uwsgi;
            scgi_temp_path %1$s/tmp/scgi;
            server {
              listen 127.0.0.1:%2$d;
              location = /metrics {
                alias %3$s;
                default_type "text/plain; version=0.0.4; charset=utf-8";
                add_header Content-Encoding gzip;
              }
            }
          }
          """.formatted(dir, port, body);
      Path confFile = dir.resolve("nginx.conf");
      Files.writeString(confFile, conf);
      Process p = new ProcessBuilder(Tools.find("nginx").toString(), "-p", dir.toString(), "-c",
          confFile.toString(), "-e", dir.resolve("error.log").toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
      Nginx n = new Nginx(p, port, dir);
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (http.status(n.url()) != 200) {
        if (!p.isAlive() || System.nanoTime() > end) {
          n.close();
          throw new IllegalStateException("nginx did not serve " + n.url() + ": "
              + Tools.tail(dir.resolve("error.log"), 3));
        }
        ExporterProcess.sleep(20);
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + port + "/metrics";
  }

  /** SIGTERM to the master (fast shutdown, workers follow); SIGKILL after 5 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      SimHosts.deleteTree(dir);
    }
  }
}
