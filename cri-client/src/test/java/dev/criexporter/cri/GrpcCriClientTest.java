package dev.criexporter.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cri.v1.Container;
import dev.criexporter.cri.v1.ContainerMetadata;
import dev.criexporter.cri.v1.ListContainersRequest;
import dev.criexporter.cri.v1.ListContainersResponse;
import dev.criexporter.cri.v1.ListPodSandboxStatsRequest;
import dev.criexporter.cri.v1.ListPodSandboxStatsResponse;
import dev.criexporter.cri.v1.RuntimeServiceGrpc;
import dev.criexporter.cri.v1.VersionRequest;
import dev.criexporter.cri.v1.VersionResponse;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.lang.reflect.Method;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrpcCriClientTest {

  @TempDir Path host;

  /** Answers Version and ListContainers; ListPodSandboxStats after a configurable delay. */
  static final class TestRuntime extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    volatile long statsDelayMillis;
    volatile String name = "containerd";

    private void count(String m) {
      calls.computeIfAbsent(m, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> out) {
      count("Version");
      out.onNext(VersionResponse.newBuilder().setVersion("0.1.0").setRuntimeName(name)
          .setRuntimeVersion("1.6.20~ds1").setRuntimeApiVersion("v1").build());
      out.onCompleted();
    }

    @Override
    public void listContainers(ListContainersRequest request,
        StreamObserver<ListContainersResponse> out) {
      count("ListContainers");
      out.onNext(ListContainersResponse.newBuilder().addContainers(Container.newBuilder()
          .setId("a".repeat(64)).setMetadata(ContainerMetadata.newBuilder().setName("app"))
          .putLabels("filter-state", request.getFilter().getState().getState().name()))
          .build());
      out.onCompleted();
    }

    @Override
    public void listPodSandboxStats(ListPodSandboxStatsRequest request,
        StreamObserver<ListPodSandboxStatsResponse> out) {
      count("ListPodSandboxStats");
      try {
        Thread.sleep(statsDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.onNext(ListPodSandboxStatsResponse.getDefaultInstance());
      out.onCompleted();
    }
  }

  private ReconnectingCriClient client(Path socket, Duration deadline, CallObserver observer) {
    return new ReconnectingCriClient(
        new CriEndpoints(host, Optional.of("unix://" + socket), Map.of()), deadline,
        16 * 1024 * 1024, observer);
  }

  @Test
  void identifiesTheRuntimeAndFiltersRunningContainers() throws Exception {
    Path sock = host.resolve("run/containerd/containerd.sock");
    TestRuntime rt = new TestRuntime();
    List<String> observed = new CopyOnWriteArrayList<>();
    try (UdsGrpcServer s = new UdsGrpcServer(sock, rt);
         ReconnectingCriClient c = client(sock, Duration.ofSeconds(5),
             (m, code, n) -> observed.add(m + ":" + code))) {
      RuntimeIdentity id = c.version();
      assertThat(id).isEqualTo(new RuntimeIdentity("containerd", "1.6.20~ds1", "v1",
          "unix://" + sock));
      assertThat(id.kind()).isEqualTo(RuntimeKind.CONTAINERD);
      assertThat(c.listContainers(true)).singleElement()
          .satisfies(ct -> assertThat(ct.getLabelsMap()).containsEntry("filter-state",
              "CONTAINER_RUNNING"));
      assertThat(observed).containsExactly("Version:OK", "ListContainers:OK");
    }
  }

  @Test
  void unimplementedAndDeadlineAreTyped() throws Exception {
    Path sock = host.resolve("cri.sock");
    TestRuntime rt = new TestRuntime();
    rt.statsDelayMillis = 1_500;
    List<String> observed = new CopyOnWriteArrayList<>();
    try (UdsGrpcServer s = new UdsGrpcServer(sock, rt);
         ReconnectingCriClient c = client(sock, Duration.ofMillis(200),
             (m, code, n) -> observed.add(m + ":" + code))) {
      assertThatThrownBy(c::listContainerStats).isInstanceOfSatisfying(CriException.class,
          e -> assertThat(e.kind()).isEqualTo(CriException.Kind.UNIMPLEMENTED));
      assertThatThrownBy(c::listPodSandboxStats).isInstanceOfSatisfying(CriException.class,
          e -> assertThat(e.kind()).isEqualTo(CriException.Kind.DEADLINE_EXCEEDED));
      assertThat(observed).containsExactly("ListContainerStats:UNIMPLEMENTED",
          "ListPodSandboxStats:DEADLINE_EXCEEDED");
      // The channel survives a deadline: the next call works on it.
      assertThat(c.version().name()).isEqualTo("containerd");
    }
  }

  @Test
  void missingSocketIsUnavailableAndNamesWhatWasTried() {
    try (ReconnectingCriClient c = new ReconnectingCriClient(
        new CriEndpoints(host, Optional.empty(), Map.of()), Duration.ofSeconds(1), 1 << 20,
        CallObserver.NONE)) {
      assertThatThrownBy(c::version).isInstanceOfSatisfying(CriException.class, e -> {
        assertThat(e.kind()).isEqualTo(CriException.Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains(host.resolve("run/containerd/containerd.sock").toString(),
            host.resolve("run/crio/crio.sock").toString(), "--cri.endpoint");
      });
    }
  }

  @Test
  void socketThatIsNotACriServerFailsCleanlyAndIsRetriable() throws Exception {
    Path sock = host.resolve("garbage.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(sock));
      Thread t = new Thread(() -> {
        while (server.isOpen()) {
          try (SocketChannel ch = server.accept()) {
            ch.write(ByteBuffer.wrap("HTTP/1.0 400 nope\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
          } catch (Exception e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
      try (ReconnectingCriClient c = client(sock, Duration.ofSeconds(2), CallObserver.NONE)) {
        assertThatThrownBy(c::version).isInstanceOfSatisfying(CriException.class,
            e -> assertThat(e.kind().retriable()).isTrue());
      }
    }
  }

  @Test
  void reconnectsWhenTheRuntimeRestartsOnTheSameSocket() throws Exception {
    Path sock = host.resolve("run/crio/crio.sock");
    TestRuntime rt = new TestRuntime();
    rt.name = "cri-o";
    try (ReconnectingCriClient c = client(sock, Duration.ofSeconds(2), CallObserver.NONE)) {
      assertThatThrownBy(c::version).isInstanceOfSatisfying(CriException.class,
          e -> assertThat(e.kind()).isEqualTo(CriException.Kind.UNAVAILABLE));
      try (UdsGrpcServer s = new UdsGrpcServer(sock, rt)) {
        assertThat(c.version().kind()).isEqualTo(RuntimeKind.CRIO);
      }
      assertThatThrownBy(c::version).isInstanceOf(CriException.class);
      try (UdsGrpcServer s = new UdsGrpcServer(sock, rt)) {
        assertThat(c.version().name()).isEqualTo("cri-o");
      }
    }
  }

  @Test
  void theProductionClientCannotReachAnyWriteMethod() {
    ServerServiceDefinition def = new TestRuntime().bindService();
    Set<String> all = def.getMethods().stream()
        .map(m -> m.getMethodDescriptor().getFullMethodName()).collect(Collectors.toSet());
    Set<String> writes = all.stream().filter(m -> !GrpcCriClient.READ_METHODS.contains(m))
        .collect(Collectors.toSet());
    assertThat(writes).contains("runtime.v1.RuntimeService/RunPodSandbox",
        "runtime.v1.RuntimeService/CreateContainer", "runtime.v1.RuntimeService/StopContainer",
        "runtime.v1.RuntimeService/RemovePodSandbox");
    assertThat(GrpcCriClient.READ_METHODS).allSatisfy(m -> assertThat(m).matches(
        ".*/(Version|Status|List\\w+|ContainerStatus)"));

    // No public method of the client types exposes a channel, a stub, or a write call.
    List<Method> methods = new ArrayList<>();
    for (Class<?> type : List.of(CriClient.class, GrpcCriClient.class, ReconnectingCriClient.class)) {
      methods.addAll(Arrays.asList(type.getMethods()));
    }
    assertThat(methods).noneSatisfy(m -> assertThat(m.getReturnType().getName())
        .matches(".*(Channel|Stub|ClientCall).*"));
    assertThat(methods).noneSatisfy(m -> assertThat(m.getName().toLowerCase())
        .matches("(run|stop|remove|create|start|update|exec|attach|portforward|reopen|checkpoint).*"));
  }

  @Test
  void refusesAWriteMethodEvenIfAskedInternally() throws Exception {
    Method call = GrpcCriClient.class.getDeclaredMethod("call", io.grpc.MethodDescriptor.class,
        Object.class);
    call.setAccessible(true);
    Path sock = host.resolve("w.sock");
    TestRuntime rt = new TestRuntime();
    try (UdsGrpcServer s = new UdsGrpcServer(sock, rt);
         GrpcCriClient c = new GrpcCriClient(sock,
             new io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup(1,
                 io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler.newFactory()),
             Duration.ofSeconds(2), 1 << 20, CallObserver.NONE)) {
      assertThatThrownBy(() -> call.invoke(c, RuntimeServiceGrpc.getRunPodSandboxMethod(),
          dev.criexporter.cri.v1.RunPodSandboxRequest.getDefaultInstance()))
          .hasRootCauseInstanceOf(CriException.class)
          .rootCause().hasMessageContaining("not a read-only CRI method");
      assertThat(rt.calls).isEmpty();
    }
    assertThat(Status.Code.values()).isNotEmpty();
  }
}
