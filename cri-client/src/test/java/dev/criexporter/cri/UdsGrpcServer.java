package dev.criexporter.cri;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A minimal gRPC server on a Unix socket for client tests. */
final class UdsGrpcServer implements AutoCloseable {
  private final Server server;
  private final EventLoopGroup group;
  private final Path socket;

  UdsGrpcServer(Path socket, BindableService service) throws Exception {
    this.socket = socket;
    Files.createDirectories(socket.getParent());
    Files.deleteIfExists(socket);
    group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
        .channelType(EpollServerDomainSocketChannel.class)
        .bossEventLoopGroup(group)
        .workerEventLoopGroup(group)
        .addService(service)
        .build()
        .start();
  }

  @Override
  public void close() throws Exception {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    Files.deleteIfExists(socket);
  }
}
