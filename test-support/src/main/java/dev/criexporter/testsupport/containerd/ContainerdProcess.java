package dev.criexporter.testsupport.containerd;

import dev.criexporter.cri.v1.RuntimeServiceGrpc;
import dev.criexporter.cri.v1.VersionRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containerd child process: launched with its output appended to the log file, considered
 * up once it answers the CRI Version call, and stopped by its PID.
 */
final class ContainerdProcess {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerdProcess.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);
  private static final long POLL_MILLIS = 20;
  private static final long PROBE_DEADLINE_MILLIS = 500;

  private final ContainerdConfig config;
  private final Path binary;
  private final String searchPath;
  private final Duration readyTimeout;
  private volatile Process process;

  ContainerdProcess(ContainerdConfig config, Path binary, String searchPath, Duration readyTimeout) {
    this.config = config;
    this.binary = binary;
    this.searchPath = searchPath;
    this.readyTimeout = readyTimeout;
  }

  /**
   * Launches containerd and waits until it answers the CRI.
   *
   * @return how long that took
   * @throws ContainerdStartException if it exits or does not answer within the ready timeout
   *                                  (it is killed then)
   */
  Duration start() {
    long started = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--config", config.configFile().toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(config.logFile().toFile()))
        .redirectInput(new File("/dev/null"));
    builder.environment().put("PATH", searchPath); // containerd finds runc and the shim there
    builder.environment().remove("NOTIFY_SOCKET");
    Process launched;
    try {
      launched = builder.start();
    } catch (IOException e) {
      throw new ContainerdStartException("cannot run " + binary + ": " + e.getMessage(), e);
    }
    process = launched;
    awaitReady(launched, started + readyTimeout.toNanos());
    Duration ready = Duration.ofNanos(System.nanoTime() - started);
    LOG.info("containerd ready in {} ms (pid {}, socket {})", ready.toMillis(), launched.pid(), config.socket());
    return ready;
  }

  boolean isRunning() {
    Process current = process;
    return current != null && current.isAlive();
  }

  /** The current (or last) process, if containerd was ever launched. */
  Optional<Process> current() {
    return Optional.ofNullable(process);
  }

  long pid() {
    return current().orElseThrow(() -> new IllegalStateException("containerd was never started")).pid();
  }

  /** SIGKILL, as a crash would; waits for the process to be gone. */
  void kill() {
    current().ifPresent(current -> {
      current.destroyForcibly();
      awaitExit(current, KILL_WAIT);
    });
  }

  /** SIGTERM, then SIGKILL if it is still running after a grace period. */
  void stop() {
    Process current = process;
    if (current == null || !current.isAlive()) {
      return;
    }
    current.destroy();
    if (!awaitExit(current, STOP_GRACE)) {
      LOG.warn("containerd (pid {}) ignored SIGTERM for {} s; sending SIGKILL", current.pid(), STOP_GRACE.toSeconds());
      current.destroyForcibly();
      awaitExit(current, KILL_WAIT);
    }
  }

  private void awaitReady(Process launched, long deadlineNanos) {
    ManagedChannel probe = Grpc.newChannelBuilder("unix://" + config.socket(), InsecureChannelCredentials.create()).build();
    try {
      String lastError = "socket " + config.socket() + " not created";
      while (true) {
        if (!launched.isAlive()) {
          throw ContainerdStartException.withLogTail(
              "containerd exited with code " + launched.exitValue() + " during start-up", config.logFile());
        }
        if (Files.exists(config.socket())) {
          try {
            probe.resetConnectBackoff(); // the first attempts fail; do not wait out gRPC's backoff
            RuntimeServiceGrpc.newBlockingStub(probe)
                .withWaitForReady()
                .withDeadlineAfter(PROBE_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                .version(VersionRequest.newBuilder().setVersion("v1").build());
            return;
          } catch (StatusRuntimeException e) {
            lastError = "CRI Version: " + e.getStatus();
          }
        }
        if (System.nanoTime() > deadlineNanos) {
          launched.destroyForcibly();
          awaitExit(launched, KILL_WAIT);
          throw ContainerdStartException.withLogTail("containerd did not answer the CRI within "
              + readyTimeout.toMillis() + " ms (last: " + lastError + ")", config.logFile());
        }
        pause();
      }
    } finally {
      probe.shutdownNow();
    }
  }

  private static boolean awaitExit(Process current, Duration timeout) {
    try {
      return current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !current.isAlive();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ContainerdStartException("interrupted while waiting for containerd", e);
    }
  }
}
