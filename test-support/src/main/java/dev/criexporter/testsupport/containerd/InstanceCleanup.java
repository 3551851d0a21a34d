package dev.criexporter.testsupport.containerd;

import dev.criexporter.cri.v1.ListPodSandboxRequest;
import dev.criexporter.cri.v1.PodSandbox;
import dev.criexporter.cri.v1.RemovePodSandboxRequest;
import dev.criexporter.cri.v1.RuntimeServiceGrpc;
import dev.criexporter.cri.v1.StopPodSandboxRequest;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@link PrivateContainerd#close()} does, in order, each step run whatever happened
 * in the ones before (a cleanup that stops half-way leaks):
 * <ol>
 *   <li>read the task bundles: pod cgroups and shim sockets to remove later;</li>
 *   <li>while containerd answers, stop and remove every pod sandbox through the CRI;</li>
 *   <li>close the gRPC channels; stop containerd (SIGTERM, then SIGKILL);</li>
 *   <li>SIGKILL this instance's shims and the container processes under them;</li>
 *   <li>kill what is left in the pod cgroups and remove them from every hierarchy;</li>
 *   <li>remove leftover shim sockets; unmount everything under the work directory;</li>
 *   <li>delete the work directory.</li>
 * </ol>
 */
final class InstanceCleanup {

  private static final Logger LOG = LoggerFactory.getLogger(InstanceCleanup.class);
  private static final Duration CRI_DEADLINE = Duration.ofSeconds(15);
  private static final Duration PROCESS_KILL_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration CGROUP_REMOVAL_TIMEOUT = Duration.ofSeconds(5);

  private final ContainerdConfig config;
  private final PodCgroups podCgroups;
  private final List<String> problems = new ArrayList<>();

  private InstanceCleanup(ContainerdConfig config, PodCgroups podCgroups) {
    this.config = config;
    this.podCgroups = podCgroups;
  }

  /**
   * @param criChannel    a channel to containerd, used only while it runs
   * @param closeChannels shuts down every channel to this instance
   * @return what could not be cleaned up (empty on success)
   */
  static List<String> run(ContainerdConfig config, PodCgroups podCgroups, ContainerdProcess containerd,
              Supplier<Channel> criChannel, Runnable closeChannels) {
    return new InstanceCleanup(config, podCgroups).run(containerd, criChannel, closeChannels);
  }

  private List<String> run(ContainerdProcess containerd, Supplier<Channel> criChannel, Runnable closeChannels) {
    long started = System.nanoTime();
    Set<Path> shimSockets = new LinkedHashSet<>();
    step("reading task bundles", () -> {
      for (TaskBundles.Bundle bundle : TaskBundles.scan(config.state())) {
        bundle.parentCgroup().filter(PodCgroups::isPodCgroup).ifPresent(podCgroups::track);
        bundle.shimSocket().ifPresent(shimSockets::add);
      }
    });
    if (containerd.isRunning()) {
      step("removing pod sandboxes through the CRI", () -> removeSandboxes(criChannel.get()));
    }
    step("closing gRPC channels", closeChannels);
    step("stopping containerd", () -> {
      containerd.stop();
      containerd.current().filter(Process::isAlive)
          .ifPresent(p -> problems.add("containerd (pid " + p.pid() + ") survived SIGKILL"));
    });
    step("killing shims", this::killShims);
    step("removing pod cgroups", () -> problems.addAll(podCgroups.removeAll(CGROUP_REMOVAL_TIMEOUT)));
    step("removing shim sockets", () -> {
      for (Path socket : shimSockets) {
        try {
          Files.deleteIfExists(socket);
        } catch (IOException e) {
          problems.add("shim socket " + socket + " not removed: " + e);
        }
      }
    });
    step("unmounting", () -> Unmounter.unmountAllUnder(config.workDir())
        .forEach(mountPoint -> problems.add("still mounted: " + mountPoint)));
    step("deleting the work directory", () -> {
      try {
        WorkDirectory.deleteRecursively(config.workDir());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    LOG.info("private containerd in {} closed in {} ms{}", config.workDir(),
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        problems.isEmpty() ? "" : " with problems: " + problems);
    return List.copyOf(problems);
  }

  private void step(String what, Runnable action) {
    long started = System.nanoTime();
    try {
      action.run();
      LOG.debug("cleanup: {} took {} ms", what, Duration.ofNanos(System.nanoTime() - started).toMillis());
    } catch (RuntimeException e) {
      LOG.error("cleanup step failed: {}", what, e);
      problems.add(what + " failed: " + e);
    }
  }

  /** Stops and removes every sandbox (and so every container); failures are left to the forced steps. */
  private static void removeSandboxes(Channel channel) {
    RuntimeServiceGrpc.RuntimeServiceBlockingStub stub = RuntimeServiceGrpc.newBlockingStub(channel);
    List<PodSandbox> sandboxes;
    try {
      sandboxes = stub.withDeadlineAfter(CRI_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .listPodSandbox(ListPodSandboxRequest.getDefaultInstance())
          .getItemsList();
    } catch (StatusRuntimeException e) {
      LOG.warn("cannot list pod sandboxes for removal ({}); cleaning up by force", e.getStatus());
      return;
    }
    for (PodSandbox sandbox : sandboxes) {
      try {
        stub.withDeadlineAfter(CRI_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
            .stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sandbox.getId()).build());
        stub.withDeadlineAfter(CRI_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
            .removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandbox.getId()).build());
      } catch (StatusRuntimeException e) {
        LOG.warn("cannot remove pod sandbox {} ({}); cleaning up by force", sandbox.getId(), e.getStatus());
      }
    }
  }

  private void killShims() {
    List<ProcessHandle> shims = ShimProcesses.of(config.socket());
    if (!shims.isEmpty()) {
      LOG.info("killing {} leftover shim(s) of this instance: {}", shims.size(),
          shims.stream().map(ProcessHandle::pid).toList());
    }
    for (ProcessHandle survivor : ShimProcesses.killAll(shims, PROCESS_KILL_TIMEOUT)) {
      problems.add("process " + survivor.pid() + " " + survivor.info().commandLine().orElse("")
          + " survived SIGKILL");
    }
  }
}
