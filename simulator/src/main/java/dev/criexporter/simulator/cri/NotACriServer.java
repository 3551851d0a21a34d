package dev.criexporter.simulator.cri;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Something listening on a Unix socket that is not a CRI runtime, for tests of how a client reports a wrong
 * endpoint. Also {@link #leaveStaleSocket}: a socket file nobody listens on.
 */
public final class NotACriServer implements AutoCloseable {

  /** What the listener does with a connection. */
  public enum Behaviour {
    /** Accepts and closes at once: a gRPC client reports UNAVAILABLE. */
    CLOSE_AT_ONCE,
    /**
     * Answers like an HTTP/1.1 server (a Docker socket, say) and keeps the connection until the client closes
     * it: a gRPC client fails to parse the answer and reports INTERNAL.
     */
    HTTP_1_1,
    /** Writes random bytes and keeps the connection until the client closes it: INTERNAL as well. */
    GARBAGE,
    /** Accepts, reads and never answers: the client runs into its deadline. */
    SILENT
  }

  private static final byte[] HTTP_RESPONSE = ("HTTP/1.1 400 Bad Request\r\n"
      + "Content-Type: text/plain; charset=utf-8\r\n"
      + "Connection: close\r\n\r\n"
      + "400 Bad Request").getBytes(StandardCharsets.US_ASCII);

  private final Path socketPath;
  private final Behaviour behaviour;
  private final ServerSocketChannel listener;
  private final Thread acceptor;
  private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final SplittableRandom random = new SplittableRandom(42);

  private NotACriServer(Path socketPath, Behaviour behaviour) throws IOException {
    this.socketPath = socketPath;
    this.behaviour = behaviour;
    FakeCriServer.prepareSocketPath(socketPath);
    this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    listener.bind(UnixDomainSocketAddress.of(socketPath));
    this.acceptor = FakeCriServer.daemonThreads("not-a-cri-server").newThread(this::acceptLoop);
    acceptor.start();
  }

  /** Listens on {@code socketPath} (creating parent directories) and treats connections as told. */
  public static NotACriServer start(Path socketPath, Behaviour behaviour) throws IOException {
    return new NotACriServer(Objects.requireNonNull(socketPath, "socketPath"),
        Objects.requireNonNull(behaviour, "behaviour"));
  }

  /**
   * Leaves a socket file at {@code socketPath} that nobody listens on, as a crashed runtime does: connecting
   * to it is refused.
   */
  public static void leaveStaleSocket(Path socketPath) throws IOException {
    FakeCriServer.prepareSocketPath(socketPath);
    try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.bind(UnixDomainSocketAddress.of(socketPath));
    }
  }

  public Path socketPath() {
    return socketPath;
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Stops listening, closes open connections and removes the socket file. */
  @Override
  public void close() throws IOException {
    listener.close();
    for (SocketChannel ch : open) {
      ch.close();
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(socketPath);
  }

  private void acceptLoop() {
    while (listener.isOpen()) {
      try {
        SocketChannel ch = listener.accept();
        connections.incrementAndGet();
        handle(ch);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        // The peer went away while being served; keep listening.
      }
    }
  }

  private void handle(SocketChannel ch) throws IOException {
    switch (behaviour) {
      case CLOSE_AT_ONCE -> ch.close();
      case HTTP_1_1 -> {
        ch.read(ByteBuffer.allocate(1_024));
        ch.write(ByteBuffer.wrap(HTTP_RESPONSE));
        keepUntilPeerCloses(ch);
      }
      case GARBAGE -> {
        byte[] junk = new byte[512];
        for (int i = 0; i < junk.length; i++) {
          junk[i] = (byte) random.nextInt(256);
        }
        ch.write(ByteBuffer.wrap(junk));
        keepUntilPeerCloses(ch);
      }
      case SILENT -> keepUntilPeerCloses(ch);
    }
  }

  /** Reads and discards on a thread of its own until the peer closes; {@link #close()} ends it too. */
  private void keepUntilPeerCloses(SocketChannel ch) {
    open.add(ch);
    FakeCriServer.daemonThreads("not-a-cri-server-reader").newThread(() -> {
      drain(ch);
      open.remove(ch);
      try {
        ch.close();
      } catch (IOException e) {
        // already closed
      }
    }).start();
  }

  private static void drain(SocketChannel ch) {
    ByteBuffer buf = ByteBuffer.allocate(4_096);
    try {
      while (ch.read(buf.clear()) >= 0) {
        // discard
      }
    } catch (IOException e) {
      // closed
    }
  }
}
