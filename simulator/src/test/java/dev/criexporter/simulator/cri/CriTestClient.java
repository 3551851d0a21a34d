package dev.criexporter.simulator.cri;

import dev.criexporter.cri.v1.RuntimeServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A plain generated blocking stub over a Unix socket, as any CRI client would use it. */
final class CriTestClient implements AutoCloseable {

  private final ManagedChannel channel;

  CriTestClient(Path socket) {
    this(socket, 4 << 20);
  }

  CriTestClient(Path socket, int maxInboundMessageBytes) {
    this.channel = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create())
        .maxInboundMessageSize(maxInboundMessageBytes)
        .build();
  }

  /** A stub whose calls time out after 5 s, so that no test can hang. */
  RuntimeServiceGrpc.RuntimeServiceBlockingStub stub() {
    return stub(Duration.ofSeconds(5));
  }

  RuntimeServiceGrpc.RuntimeServiceBlockingStub stub(Duration deadline) {
    return RuntimeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
  }
}
