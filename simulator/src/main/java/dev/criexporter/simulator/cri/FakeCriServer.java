package dev.criexporter.simulator.cri;

import dev.criexporter.simulator.CgroupLayout;
import dev.criexporter.simulator.SampleClock;
import dev.criexporter.simulator.SimulatedNode;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process CRI runtime on a Unix socket, answering RuntimeService's read calls from a
 * {@link SimulatedNode}, shaped like containerd or CRI-O ({@link RuntimePersonality}). Write calls answer
 * UNIMPLEMENTED. Faults can be injected while it runs ({@link #faults()}), and it counts the calls it receives.
 * It can be stopped and started again on the same socket; {@link #close()} removes the socket file.
 *
 * <pre>{@code
 * try (FakeCriServer runtime = FakeCriServer.builder(node)
 *         .personality(RuntimePersonality.CRIO)
 *         .hostRoot(hostRoot)          // socket at <hostRoot>/run/crio/crio.sock
 *         .start()) {
 *     runtime.faults().delay(CriMethod.LIST_CONTAINER_STATS, Duration.ofSeconds(2));
 *     ...
 *     assertThat(runtime.calls(CriMethod.LIST_CONTAINER_STATS)).isEqualTo(1);
 * }
 * }</pre>
 */
public final class FakeCriServer implements AutoCloseable {

  /** Linux's {@code sun_path} holds 108 bytes including the terminating NUL. */
  static final int MAX_SOCKET_PATH_BYTES = 107;
  private static final AtomicInteger SERVERS = new AtomicInteger();

  private final SimulatedNode node;
  private final RuntimePersonality personality;
  private final CgroupLayout layout;
  private final Path socketPath;
  private final SampleClock sampleClock;
  private final Faults faults = new Faults();
  private final Map<CriMethod, AtomicLong> calls = new EnumMap<>(CriMethod.class);
  private final String name = "fake-cri-" + SERVERS.incrementAndGet();
  private final ScheduledExecutorService scheduler;
  private Server server;
  private EventLoopGroup eventLoop;
  private ExecutorService executor;
  private boolean closed;

  private FakeCriServer(Builder b) {
    this.node = b.node;
    this.personality = b.personality;
    this.layout = b.layout != null ? b.layout : b.personality.defaultLayout();
    this.socketPath = b.socketPath;
    this.sampleClock = b.sampleClock != null ? b.sampleClock : SampleClock.of(b.node.clock());
    for (CriMethod m : CriMethod.values()) {
      calls.put(m, new AtomicLong());
    }
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads(name + "-delays"));
  }

  /** A server for {@code node}; imitates containerd unless told otherwise. */
  public static Builder builder(SimulatedNode node) {
    return new Builder(node);
  }

  /**
   * Binds the socket (creating parent directories, replacing a stale socket file) and starts answering.
   *
   * @throws IOException if the socket cannot be bound
   * @throws IllegalStateException if the server is running or closed
   */
  public synchronized FakeCriServer start() throws IOException {
    if (closed) {
      throw new IllegalStateException("server on " + socketPath + " is closed");
    }
    if (server != null) {
      throw new IllegalStateException("server on " + socketPath + " is already running");
    }
    prepareSocketPath(socketPath);
    FakeRuntimeService service = new FakeRuntimeService(node, personality, layout, sampleClock, faults, scheduler);
    eventLoop = new MultiThreadIoEventLoopGroup(1, daemonThreads(name + "-io"), EpollIoHandler.newFactory());
    executor = Executors.newCachedThreadPool(daemonThreads(name + "-calls"));
    Server s = NettyServerBuilder.forAddress(new DomainSocketAddress(socketPath.toString()))
        .channelType(EpollServerDomainSocketChannel.class)
        .bossEventLoopGroup(eventLoop)
        .workerEventLoopGroup(eventLoop)
        .executor(executor)
        .addService(ServerInterceptors.intercept(service, new CallCounter()))
        .build();
    try {
      s.start();
    } catch (IOException | RuntimeException e) {
      releaseTransport();
      throw new IOException("cannot serve CRI on " + socketPath + ": " + e.getMessage(), e);
    }
    server = s;
    return this;
  }

  /**
   * Stops answering: calls in flight (also hung ones) are cancelled, the socket file is removed. The server
   * can be started again on the same socket.
   */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.shutdownNow();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("server on " + socketPath + " did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server = null;
      releaseTransport();
      deleteSocket();
    }
  }

  /** Stops and starts again on the same socket, as a runtime restart does. */
  public synchronized void restart() throws IOException {
    stop();
    start();
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Stops the server for good and removes its socket file. */
  @Override
  public synchronized void close() {
    stop();
    closed = true;
    scheduler.shutdownNow();
  }

  public Path socketPath() {
    return socketPath;
  }

  /** The gRPC target for a client: {@code unix:///path/to/socket}. */
  public String target() {
    return "unix://" + socketPath;
  }

  public RuntimePersonality personality() {
    return personality;
  }

  public CgroupLayout layout() {
    return layout;
  }

  public SimulatedNode node() {
    return node;
  }

  /** The faults to inject; changes apply to the next call. */
  public Faults faults() {
    return faults;
  }

  /** How many calls of {@code method} arrived since the server was built (or counts were reset). */
  public long calls(CriMethod method) {
    return calls.get(method).get();
  }

  /** All call counts. */
  public Map<CriMethod, Long> callCounts() {
    Map<CriMethod, Long> out = new EnumMap<>(CriMethod.class);
    calls.forEach((m, n) -> out.put(m, n.get()));
    return out;
  }

  /** The number of calls of all methods together. */
  public long totalCalls() {
    long sum = 0;
    for (AtomicLong n : calls.values()) {
      sum += n.get();
    }
    return sum;
  }

  public void resetCallCounts() {
    calls.values().forEach(n -> n.set(0));
  }

  private void releaseTransport() {
    if (eventLoop != null) {
      eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      eventLoop = null;
    }
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  private void deleteSocket() {
    try {
      Files.deleteIfExists(socketPath);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove socket " + socketPath, e);
    }
  }

  /** Creates the parent directories and removes a socket file a previous run left behind. */
  static void prepareSocketPath(Path socket) throws IOException {
    int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
    if (length > MAX_SOCKET_PATH_BYTES) {
      throw new IllegalArgumentException("socket path is " + length + " bytes, Unix sockets allow "
          + MAX_SOCKET_PATH_BYTES + ": " + socket);
    }
    Files.createDirectories(socket.toAbsolutePath().getParent());
    if (Files.isDirectory(socket, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("socket path is a directory: " + socket);
    }
    Files.deleteIfExists(socket);
  }

  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Counts every call by method, also those answered UNIMPLEMENTED. */
  private final class CallCounter implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      CriMethod.ofFullName(call.getMethodDescriptor().getFullMethodName())
          .ifPresent(m -> calls.get(m).incrementAndGet());
      return next.startCall(call, headers);
    }
  }

  /** Configures a {@link FakeCriServer}. */
  public static final class Builder {
    private final SimulatedNode node;
    private RuntimePersonality personality = RuntimePersonality.CONTAINERD;
    private CgroupLayout layout;
    private Path socketPath;
    private Path hostRoot;
    private SampleClock sampleClock;

    private Builder(SimulatedNode node) {
      this.node = Objects.requireNonNull(node, "node");
    }

    public Builder personality(RuntimePersonality personality) {
      this.personality = Objects.requireNonNull(personality, "personality");
      return this;
    }

    /** The cgroup layout the answers describe (default: the personality's). */
    public Builder layout(CgroupLayout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    /** Serve on this socket path. */
    public Builder socket(Path socketPath) {
      this.socketPath = Objects.requireNonNull(socketPath, "socketPath");
      return this;
    }

    /** Serve on the personality's socket under this host root ({@code run/containerd/containerd.sock}). */
    public Builder hostRoot(Path hostRoot) {
      this.hostRoot = Objects.requireNonNull(hostRoot, "hostRoot");
      return this;
    }

    /**
     * At which instant each container's statistics are taken (default: the node's clock at each call). Give
     * a {@link dev.criexporter.simulator.CgroupTreeWriter#sampleClock()} to agree with a written tree.
     */
    public Builder sampleClock(SampleClock sampleClock) {
      this.sampleClock = Objects.requireNonNull(sampleClock, "sampleClock");
      return this;
    }

    /** The server, not started yet. */
    public FakeCriServer build() {
      if (socketPath == null && hostRoot == null) {
        throw new IllegalStateException("give a socket path or a host root");
      }
      if (socketPath == null) {
        socketPath = personality.socketUnder(hostRoot);
      }
      return new FakeCriServer(this);
    }

    /** Builds and starts the server. */
    public FakeCriServer start() throws IOException {
      return build().start();
    }
  }
}
