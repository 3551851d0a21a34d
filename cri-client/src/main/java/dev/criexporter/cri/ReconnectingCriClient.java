package dev.criexporter.cri;

import dev.criexporter.cri.v1.Container;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.ContainerStatsFilter;
import dev.criexporter.cri.v1.ContainerStatusResponse;
import dev.criexporter.cri.v1.ListMetricDescriptorsResponse;
import dev.criexporter.cri.v1.PodSandbox;
import dev.criexporter.cri.v1.PodSandboxStats;
import dev.criexporter.cri.v1.PodSandboxStatsFilter;
import dev.criexporter.cri.v1.StatusResponse;
import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A {@link CriClient} that survives the runtime: it resolves the endpoint when it first needs
 * one, and after a connection-level failure (socket gone, refused, not a CRI server) it drops the
 * channel and resolves again on the next call. A runtime that restarts, or whose socket appears
 * only after the exporter started, is picked up on the next call without backoff delays.
 *
 * <p>Calls are expected from one thread at a time (the poll loop).
 */
public final class ReconnectingCriClient implements CriClient {

  private final CriEndpoints endpoints;
  private final Duration deadline;
  private final int maxInboundBytes;
  private final CallObserver observer;
  private final EventLoopGroup eventLoop;

  private GrpcCriClient current;

  public ReconnectingCriClient(CriEndpoints endpoints, Duration deadline, int maxInboundBytes,
      CallObserver observer) {
    this.endpoints = endpoints;
    this.deadline = deadline;
    this.maxInboundBytes = maxInboundBytes;
    this.observer = observer;
    this.eventLoop = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory("cri-grpc", true), EpollIoHandler.newFactory());
  }

  @Override
  public synchronized String endpoint() {
    if (current != null) {
      return current.endpoint();
    }
    return describeCandidates();
  }

  /** A human description of where the runtime was looked for, for the "no runtime" log line. */
  public String describeCandidates() {
    try {
      Optional<CriEndpoints.Resolved> r = endpoints.resolve();
      if (r.isPresent()) {
        return r.get().uri();
      }
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return endpoints.probeCandidates().stream().map(Path::toString)
        .collect(Collectors.joining(", "));
  }

  private synchronized GrpcCriClient connected(String method) {
    if (current != null) {
      return current;
    }
    Optional<CriEndpoints.Resolved> resolved = endpoints.resolve();
    if (resolved.isEmpty()) {
      throw new CriException(CriException.Kind.UNAVAILABLE, method, Status.Code.UNAVAILABLE,
          "no CRI socket found; tried " + describeCandidates()
              + " (set --cri.endpoint or " + CriEndpoints.ENV_VAR + ")", null);
    }
    Path socket = resolved.get().socket();
    if (!CriEndpoints.isSocket(socket)) {
      String why = CriEndpoints.exists(socket) ? "is not a socket" : "does not exist";
      throw new CriException(CriException.Kind.UNAVAILABLE, method, Status.Code.UNAVAILABLE,
          resolved.get().uri() + " " + why, null);
    }
    if (!java.nio.file.Files.isReadable(socket) || !java.nio.file.Files.isWritable(socket)) {
      throw new CriException(CriException.Kind.UNAVAILABLE, method, Status.Code.UNAVAILABLE,
          "permission denied on " + resolved.get().uri() + ": connecting needs read and write"
              + " access to the socket (run as root, or in the socket's group)", null);
    }
    current = new GrpcCriClient(socket, eventLoop, deadline, maxInboundBytes, observer);
    return current;
  }

  private <T> T run(String method, Function<GrpcCriClient, T> call) {
    GrpcCriClient client = connected(method);
    try {
      return call.apply(client);
    } catch (CriException e) {
      if (e.kind() == CriException.Kind.UNAVAILABLE || e.kind() == CriException.Kind.PROTOCOL) {
        drop(client);
      }
      throw e;
    }
  }

  private synchronized void drop(GrpcCriClient client) {
    if (current == client) {
      current = null;
      client.close();
    }
  }

  @Override
  public RuntimeIdentity version() {
    return run("Version", GrpcCriClient::version);
  }

  @Override
  public StatusResponse status(boolean verbose) {
    return run("Status", c -> c.status(verbose));
  }

  @Override
  public List<PodSandbox> listPodSandboxes() {
    return run("ListPodSandbox", GrpcCriClient::listPodSandboxes);
  }

  @Override
  public List<Container> listContainers(boolean runningOnly) {
    return run("ListContainers", c -> c.listContainers(runningOnly));
  }

  @Override
  public ContainerStatusResponse containerStatus(String containerId, boolean verbose) {
    return run("ContainerStatus", c -> c.containerStatus(containerId, verbose));
  }

  @Override
  public List<ContainerStats> listContainerStats() {
    return run("ListContainerStats", GrpcCriClient::listContainerStats);
  }

  @Override
  public List<ContainerStats> listContainerStats(ContainerStatsFilter filter) {
    return run("ListContainerStats", c -> c.listContainerStats(filter));
  }

  @Override
  public List<PodSandboxStats> listPodSandboxStats() {
    return run("ListPodSandboxStats", GrpcCriClient::listPodSandboxStats);
  }

  @Override
  public List<PodSandboxStats> listPodSandboxStats(PodSandboxStatsFilter filter) {
    return run("ListPodSandboxStats", c -> c.listPodSandboxStats(filter));
  }

  @Override
  public ListMetricDescriptorsResponse listMetricDescriptors() {
    return run("ListMetricDescriptors", GrpcCriClient::listMetricDescriptors);
  }

  @Override
  public synchronized void close() {
    if (current != null) {
      current.close();
      current = null;
    }
    eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }
}
