package dev.criexporter.cri;

import dev.criexporter.cri.v1.Container;
import dev.criexporter.cri.v1.ContainerFilter;
import dev.criexporter.cri.v1.ContainerState;
import dev.criexporter.cri.v1.ContainerStateValue;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.ContainerStatsFilter;
import dev.criexporter.cri.v1.ContainerStatusRequest;
import dev.criexporter.cri.v1.ContainerStatusResponse;
import dev.criexporter.cri.v1.ListContainerStatsRequest;
import dev.criexporter.cri.v1.ListContainersRequest;
import dev.criexporter.cri.v1.ListMetricDescriptorsRequest;
import dev.criexporter.cri.v1.ListMetricDescriptorsResponse;
import dev.criexporter.cri.v1.ListPodSandboxRequest;
import dev.criexporter.cri.v1.ListPodSandboxStatsRequest;
import dev.criexporter.cri.v1.PodSandbox;
import dev.criexporter.cri.v1.PodSandboxStats;
import dev.criexporter.cri.v1.PodSandboxStatsFilter;
import dev.criexporter.cri.v1.RuntimeServiceGrpc;
import dev.criexporter.cri.v1.StatusRequest;
import dev.criexporter.cri.v1.StatusResponse;
import dev.criexporter.cri.v1.VersionRequest;
import dev.criexporter.cri.v1.VersionResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ClientCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CriClient} over one gRPC channel to one Unix socket. Only the read methods listed in
 * {@link #READ_METHODS} can be called through it; the channel is never handed out.
 */
public final class GrpcCriClient implements CriClient {

  /** The full gRPC names of the only methods this client will send. */
  public static final Set<String> READ_METHODS = Set.of(
      RuntimeServiceGrpc.getVersionMethod().getFullMethodName(),
      RuntimeServiceGrpc.getStatusMethod().getFullMethodName(),
      RuntimeServiceGrpc.getListPodSandboxMethod().getFullMethodName(),
      RuntimeServiceGrpc.getListContainersMethod().getFullMethodName(),
      RuntimeServiceGrpc.getContainerStatusMethod().getFullMethodName(),
      RuntimeServiceGrpc.getListContainerStatsMethod().getFullMethodName(),
      RuntimeServiceGrpc.getListPodSandboxStatsMethod().getFullMethodName(),
      RuntimeServiceGrpc.getListMetricDescriptorsMethod().getFullMethodName());

  private final Path socket;
  private final ManagedChannel channel;
  private final Duration deadline;
  private final CallObserver observer;

  /**
   * @param socket the runtime's Unix socket
   * @param eventLoop the shared Netty event loop (epoll) the channel runs on
   * @param deadline the deadline of every call
   * @param maxInboundBytes the largest answer accepted (a dense node's ListContainerStats is several MB)
   * @param observer told about every call
   */
  public GrpcCriClient(Path socket, EventLoopGroup eventLoop, Duration deadline, int maxInboundBytes,
      CallObserver observer) {
    this.socket = socket;
    this.deadline = deadline;
    this.observer = observer;
    this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
        .channelType(EpollDomainSocketChannel.class)
        .eventLoopGroup(eventLoop)
        .directExecutor()
        .usePlaintext()
        .maxInboundMessageSize(maxInboundBytes)
        .maxInboundMetadataSize(64 * 1024)
        .userAgent("cri-exporter")
        .build();
  }

  @Override
  public RuntimeIdentity version() {
    VersionResponse r = call(RuntimeServiceGrpc.getVersionMethod(),
        VersionRequest.newBuilder().setVersion("v1").build());
    return new RuntimeIdentity(r.getRuntimeName(), r.getRuntimeVersion(), r.getRuntimeApiVersion(),
        endpoint());
  }

  @Override
  public StatusResponse status(boolean verbose) {
    return call(RuntimeServiceGrpc.getStatusMethod(),
        StatusRequest.newBuilder().setVerbose(verbose).build());
  }

  @Override
  public List<PodSandbox> listPodSandboxes() {
    return call(RuntimeServiceGrpc.getListPodSandboxMethod(),
        ListPodSandboxRequest.getDefaultInstance()).getItemsList();
  }

  @Override
  public List<Container> listContainers(boolean runningOnly) {
    ListContainersRequest.Builder req = ListContainersRequest.newBuilder();
    if (runningOnly) {
      req.setFilter(ContainerFilter.newBuilder()
          .setState(ContainerStateValue.newBuilder().setState(ContainerState.CONTAINER_RUNNING)));
    }
    return call(RuntimeServiceGrpc.getListContainersMethod(), req.build()).getContainersList();
  }

  @Override
  public ContainerStatusResponse containerStatus(String containerId, boolean verbose) {
    return call(RuntimeServiceGrpc.getContainerStatusMethod(),
        ContainerStatusRequest.newBuilder().setContainerId(containerId).setVerbose(verbose).build());
  }

  @Override
  public List<ContainerStats> listContainerStats() {
    return call(RuntimeServiceGrpc.getListContainerStatsMethod(),
        ListContainerStatsRequest.getDefaultInstance()).getStatsList();
  }

  @Override
  public List<ContainerStats> listContainerStats(ContainerStatsFilter filter) {
    return call(RuntimeServiceGrpc.getListContainerStatsMethod(),
        ListContainerStatsRequest.newBuilder().setFilter(filter).build()).getStatsList();
  }

  @Override
  public List<PodSandboxStats> listPodSandboxStats() {
    return call(RuntimeServiceGrpc.getListPodSandboxStatsMethod(),
        ListPodSandboxStatsRequest.getDefaultInstance()).getStatsList();
  }

  @Override
  public List<PodSandboxStats> listPodSandboxStats(PodSandboxStatsFilter filter) {
    return call(RuntimeServiceGrpc.getListPodSandboxStatsMethod(),
        ListPodSandboxStatsRequest.newBuilder().setFilter(filter).build()).getStatsList();
  }

  @Override
  public ListMetricDescriptorsResponse listMetricDescriptors() {
    return call(RuntimeServiceGrpc.getListMetricDescriptorsMethod(),
        ListMetricDescriptorsRequest.getDefaultInstance());
  }

  @Override
  public String endpoint() {
    return "unix://" + socket;
  }

  /**
   * Answers (any client, this process) that carried invalid UTF-8 in a string and were decoded
   * with replacement characters instead of failing the call.
   */
  public static long repairedAnswers() {
    return LenientMarshaller.REPAIRED.get();
  }

  /** The socket this client talks to. */
  public Path socket() {
    return socket;
  }

  private final java.util.concurrent.ConcurrentHashMap<String, MethodDescriptor<?, ?>> lenient =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The method with a response parser that survives invalid UTF-8 (see {@link Utf8Repair}). */
  @SuppressWarnings("unchecked")
  private <Q, R> MethodDescriptor<Q, R> lenient(MethodDescriptor<Q, R> method) {
    return (MethodDescriptor<Q, R>) lenient.computeIfAbsent(method.getFullMethodName(),
        k -> method.toBuilder(method.getRequestMarshaller(),
            new LenientMarshaller<>(method.getResponseMarshaller())).build());
  }

  private <Q, R> R call(MethodDescriptor<Q, R> method, Q request) {
    String name = method.getBareMethodName();
    if (!READ_METHODS.contains(method.getFullMethodName())) {
      throw new CriException(CriException.Kind.OTHER, name, Status.Code.PERMISSION_DENIED,
          "not a read-only CRI method", null);
    }
    long start = System.nanoTime();
    try {
      R response = ClientCalls.blockingUnaryCall(channel, lenient(method),
          CallOptions.DEFAULT.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS), request);
      observer.onCall(name, "OK", System.nanoTime() - start);
      return response;
    } catch (StatusRuntimeException e) {
      observer.onCall(name, e.getStatus().getCode().name(), System.nanoTime() - start);
      throw CriException.from(name, e);
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
