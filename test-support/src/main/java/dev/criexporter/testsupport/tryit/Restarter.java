package dev.criexporter.testsupport.tryit;

import dev.criexporter.cri.v1.ContainerState;
import dev.criexporter.cri.v1.ContainerStatus;
import dev.criexporter.cri.v1.ContainerStatusRequest;
import dev.criexporter.cri.v1.RuntimeServiceGrpc.RuntimeServiceBlockingStub;
import dev.criexporter.testsupport.containerd.ContainerSpec;
import dev.criexporter.testsupport.containerd.RunningPod;
import dev.criexporter.testsupport.containerd.TestPods;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Plays kubelet for one container: when it has exited, creates and starts it again under the
 * same name in the same pod, so the runtime gives it the next attempt number and a new id (a
 * new {@code name} label in the metrics). Like kubelet, it keeps the last exited container and
 * removes older ones. Unlike kubelet it does not back off: the restart follows at once.
 *
 * <p>Each restart is reported on one line:
 * {@code 12:00:21 restarter exited with code 1 after 20 s; started attempt 1 (container 3f2a9c1b7d0e)}.
 */
final class Restarter implements AutoCloseable {

  static final String STARTED_ATTEMPT = "started attempt ";

  private static final Duration CHECK_EVERY = Duration.ofMillis(500);
  private static final Duration RPC_DEADLINE = Duration.ofSeconds(5);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final TestPods pods;
  private final Supplier<RuntimeServiceBlockingStub> runtime;
  private final RunningPod pod;
  private final ContainerSpec spec;
  private final PrintStream out;
  private final Thread thread;
  private final List<String> held = new ArrayList<>();
  private volatile boolean stopping;
  private volatile int restarts;
  private boolean live;

  Restarter(TestPods pods, Supplier<RuntimeServiceBlockingStub> runtime, RunningPod pod, ContainerSpec spec,
       PrintStream out) {
    this.pods = pods;
    this.runtime = runtime;
    this.pod = pod;
    this.spec = spec;
    this.out = out;
    this.thread = new Thread(this::loop, "try-it-restarter");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Prints the lines held back so far, and from now on each line as it comes. */
  synchronized void goLive() {
    held.forEach(out::println);
    held.clear();
    live = true;
  }

  /** How many times the container was started again. */
  int restarts() {
    return restarts;
  }

  /** Stops watching; the containers are left to containerd's cleanup. */
  @Override
  public void close() {
    stopping = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    String current = pod.containerId(spec.name());
    String previous = null;
    String lastProblem = null;
    while (!stopping) {
      try {
        ContainerStatus status = status(current);
        if (status.getState() == ContainerState.CONTAINER_EXITED) {
          String started = pods.addContainer(pod, spec);
          restarts++;
          if (previous != null) {
            pods.removeContainer(previous); // kubelet keeps only the last exited one
          }
          previous = current;
          current = started;
          report(status, started);
        }
        lastProblem = null;
      } catch (RuntimeException e) {
        if (stopping) {
          return;
        }
        String problem = String.valueOf(e.getMessage());
        if (!problem.equals(lastProblem)) {
          print(time() + " " + spec.name() + " could not be restarted (will retry): " + problem);
          lastProblem = problem;
        }
      }
      if (!pause()) {
        return;
      }
    }
  }

  private ContainerStatus status(String containerId) {
    return runtime.get().withDeadlineAfter(RPC_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .containerStatus(ContainerStatusRequest.newBuilder().setContainerId(containerId).build())
        .getStatus();
  }

  private void report(ContainerStatus exited, String started) {
    long ranNanos = exited.getFinishedAt() - exited.getStartedAt();
    String ran = exited.getStartedAt() > 0 && ranNanos > 0 ? " after " + Math.round(ranNanos / 1e9) + " s" : "";
    String shortId = started.substring(0, Math.min(12, started.length()));
    print(time() + " " + spec.name() + " exited with code " + exited.getExitCode() + ran + "; "
        + STARTED_ATTEMPT + (exited.getMetadata().getAttempt() + 1) + " (container " + shortId + ")");
  }

  /** Prints {@code line}, or holds it back until {@link #goLive()}, so that it does not cut into a step's line. */
  private synchronized void print(String line) {
    if (live) {
      out.println(line);
    } else {
      held.add(line);
    }
  }

  private static String time() {
    return LocalTime.now().format(CLOCK);
  }

  private boolean pause() {
    try {
      Thread.sleep(CHECK_EVERY.toMillis());
      return !stopping;
    } catch (InterruptedException e) {
      return false;
    }
  }
}
