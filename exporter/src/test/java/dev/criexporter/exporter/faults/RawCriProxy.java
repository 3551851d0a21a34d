package dev.criexporter.exporter.faults;

import dev.criexporter.cri.v1.RuntimeServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A CRI server that forwards every unary RuntimeService call, as raw bytes, to another CRI
 * socket, and can rewrite the bytes of answers on the way back: for answers no well-behaved
 * protobuf library would produce, such as invalid UTF-8 inside a string field.
 */
final class RawCriProxy implements AutoCloseable {

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private final Path socket;
  private final EventLoopGroup loop;
  private final ManagedChannel upstream;
  private final Server server;
  private final Map<String, UnaryOperator<byte[]>> rewrites = new ConcurrentHashMap<>();

  /**
   * @param socket where to listen
   * @param upstreamSocket the real (or simulated) runtime
   */
  RawCriProxy(Path socket, Path upstreamSocket) throws IOException {
    this.socket = socket;
    Files.createDirectories(socket.getParent());
    this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("raw-cri-proxy", true),
        EpollIoHandler.newFactory());
    this.upstream = NettyChannelBuilder
        .forAddress(new DomainSocketAddress(upstreamSocket.toString()))
        .channelType(EpollDomainSocketChannel.class).eventLoopGroup(loop).usePlaintext()
        .maxInboundMessageSize(64 << 20).build();
    ServerServiceDefinition.Builder service =
        ServerServiceDefinition.builder(RuntimeServiceGrpc.SERVICE_NAME);
    for (MethodDescriptor<?, ?> m : RuntimeServiceGrpc.getServiceDescriptor().getMethods()) {
      if (m.getType() != MethodDescriptor.MethodType.UNARY) {
        continue;
      }
      MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(m.getFullMethodName())
          .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
      String name = m.getBareMethodName();
      service.addMethod(raw, ServerCalls.asyncUnaryCall((request, observer) -> {
        try {
          byte[] answer = ClientCalls.blockingUnaryCall(upstream, raw,
              CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
          observer.onNext(rewrites.getOrDefault(name, UnaryOperator.identity()).apply(answer));
          observer.onCompleted();
        } catch (StatusRuntimeException e) {
          observer.onError(e);
        }
      }));
    }
    this.server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
        .channelType(EpollServerDomainSocketChannel.class)
        .bossEventLoopGroup(loop).workerEventLoopGroup(loop)
        .maxInboundMessageSize(64 << 20)
        .addService(service.build()).build().start();
  }

  /** The CRI endpoint of the proxy. */
  String endpoint() {
    return "unix://" + socket;
  }

  /** Rewrites the answers of {@code method} (its bare name, e.g. {@code ListContainers}). */
  void rewrite(String method, UnaryOperator<byte[]> rewrite) {
    rewrites.put(method, rewrite);
  }

  /** Replaces every occurrence of {@code from} by {@code to}, which must be as long. */
  static byte[] replaceAll(byte[] in, byte[] from, byte[] to) {
    if (from.length != to.length || from.length == 0) {
      throw new IllegalArgumentException("replacement must keep the length");
    }
    byte[] out = in.clone();
    for (int i = 0; i + from.length <= out.length; i++) {
      if (java.util.Arrays.equals(out, i, i + from.length, from, 0, from.length)) {
        System.arraycopy(to, 0, out, i, to.length);
        i += from.length - 1;
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.shutdownNow();
    upstream.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
      upstream.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
