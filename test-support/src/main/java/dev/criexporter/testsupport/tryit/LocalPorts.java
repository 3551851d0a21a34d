package dev.criexporter.testsupport.tryit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.OptionalInt;
import java.util.Set;

/** Finds the first port on 127.0.0.1, from a preferred one upwards, that nothing listens on. */
final class LocalPorts {

  /** How many ports after the preferred one are tried. */
  static final int SEARCH_WIDTH = 50;

  private LocalPorts() {
  }

  /**
   * The first port from {@code preferred} on that can be bound on the loopback address and is
   * not in {@code taken}, trying {@link #SEARCH_WIDTH} ports.
   */
  static OptionalInt firstFree(int preferred, Set<Integer> taken) {
    for (int port = preferred; port < preferred + SEARCH_WIDTH && port <= 65535; port++) {
      if (!taken.contains(port) && isFree(port)) {
        return OptionalInt.of(port);
      }
    }
    return OptionalInt.empty();
  }

  /**
   * Whether {@code port} can be bound on 127.0.0.1 now: nothing listens on it, nor on *:port.
   * Bound with SO_REUSEADDR, as the exporter and Prometheus bind, so that connections of an
   * earlier run still in TIME_WAIT do not count.
   */
  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
