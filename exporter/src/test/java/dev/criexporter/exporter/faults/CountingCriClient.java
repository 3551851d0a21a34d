package dev.criexporter.exporter.faults;

import dev.criexporter.cri.v1.PodSandboxStatsFilter;
import dev.criexporter.cri.v1.ContainerStatsFilter;
import dev.criexporter.cri.CallObserver;
import dev.criexporter.cri.CriClient;
import dev.criexporter.cri.CriEndpoints;
import dev.criexporter.cri.ReconnectingCriClient;
import dev.criexporter.cri.RuntimeIdentity;
import dev.criexporter.cri.v1.Container;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.ContainerStatusResponse;
import dev.criexporter.cri.v1.ListMetricDescriptorsResponse;
import dev.criexporter.cri.v1.PodSandbox;
import dev.criexporter.cri.v1.PodSandboxStats;
import dev.criexporter.cri.v1.StatusResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Wraps the exporter's real CRI client (gRPC over the Unix socket) and records, for every call,
 * when it started and ended, and how many calls were in flight at once.
 */
final class CountingCriClient implements CriClient {

  /** One finished call. */
  record Call(String method, long startNanos, long endNanos, boolean failed) {
    long millis() {
      return (endNanos - startNanos) / 1_000_000;
    }
  }

  private final CriClient delegate;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

  CountingCriClient(CriClient delegate) {
    this.delegate = delegate;
  }

  /** The client the exporter builds for itself, probing the socket under {@code hostRoot}. */
  static CountingCriClient probing(Path hostRoot, Duration timeout) {
    return new CountingCriClient(new ReconnectingCriClient(
        new CriEndpoints(hostRoot, Optional.empty(), Map.of()), timeout, 64 << 20,
        CallObserver.NONE));
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  private <T> T count(String method, Supplier<T> call) {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    long start = System.nanoTime();
    boolean failed = true;
    try {
      T result = call.get();
      failed = false;
      return result;
    } finally {
      inFlight.decrementAndGet();
      calls.add(new Call(method, start, System.nanoTime(), failed));
    }
  }

  @Override
  public RuntimeIdentity version() {
    return count("Version", delegate::version);
  }

  @Override
  public StatusResponse status(boolean verbose) {
    return count("Status", () -> delegate.status(verbose));
  }

  @Override
  public List<PodSandbox> listPodSandboxes() {
    return count("ListPodSandbox", delegate::listPodSandboxes);
  }

  @Override
  public List<Container> listContainers(boolean runningOnly) {
    return count("ListContainers", () -> delegate.listContainers(runningOnly));
  }

  @Override
  public ContainerStatusResponse containerStatus(String containerId, boolean verbose) {
    return count("ContainerStatus", () -> delegate.containerStatus(containerId, verbose));
  }

  @Override
  public List<ContainerStats> listContainerStats() {
    return count("ListContainerStats", delegate::listContainerStats);
  }

  @Override
  public List<ContainerStats> listContainerStats(ContainerStatsFilter filter) {
    return count("ListContainerStats", () -> delegate.listContainerStats(filter));
  }

  @Override
  public List<PodSandboxStats> listPodSandboxStats() {
    return count("ListPodSandboxStats", delegate::listPodSandboxStats);
  }

  @Override
  public List<PodSandboxStats> listPodSandboxStats(PodSandboxStatsFilter filter) {
    return count("ListPodSandboxStats", () -> delegate.listPodSandboxStats(filter));
  }

  @Override
  public ListMetricDescriptorsResponse listMetricDescriptors() {
    return count("ListMetricDescriptors", delegate::listMetricDescriptors);
  }

  @Override
  public String endpoint() {
    return delegate.endpoint();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
