package dev.criexporter.testsupport.tryit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalPortsTest {

  @Test
  void aTakenPortIsSkippedForTheNextFreeOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThat(LocalPorts.isFree(port)).isFalse();
      assertThat(LocalPorts.firstFree(port, Set.of()).orElseThrow()).isGreaterThan(port);
    }
  }

  @Test
  void aPortPromisedToAnotherPartIsSkippedToo() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    int first = LocalPorts.firstFree(port, Set.of()).orElseThrow();

    assertThat(LocalPorts.firstFree(first, Set.of(first)).orElseThrow()).isGreaterThan(first);
  }

  @Test
  void aPortTakenOnEveryAddressIsTakenOnLoopbackToo() throws Exception {
    try (ServerSocket everywhere = new ServerSocket(0)) {
      assertThat(LocalPorts.isFree(everywhere.getLocalPort())).isFalse();
    }
  }

  @Test
  void thereIsNoPortBeyond65535() {
    assertThat(LocalPorts.firstFree(65535, Set.of(65535))).isEmpty();
  }
}
