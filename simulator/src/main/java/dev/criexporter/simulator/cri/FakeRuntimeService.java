package dev.criexporter.simulator.cri;

import dev.criexporter.cri.v1.ContainerFilter;
import dev.criexporter.cri.v1.ContainerMetrics;
import dev.criexporter.cri.v1.ContainerState;
import dev.criexporter.cri.v1.ContainerStats;
import dev.criexporter.cri.v1.ContainerStatsFilter;
import dev.criexporter.cri.v1.ContainerStatsRequest;
import dev.criexporter.cri.v1.ContainerStatsResponse;
import dev.criexporter.cri.v1.ContainerStatusRequest;
import dev.criexporter.cri.v1.ContainerStatusResponse;
import dev.criexporter.cri.v1.ListContainerStatsRequest;
import dev.criexporter.cri.v1.ListContainerStatsResponse;
import dev.criexporter.cri.v1.ListContainersRequest;
import dev.criexporter.cri.v1.ListContainersResponse;
import dev.criexporter.cri.v1.ListMetricDescriptorsRequest;
import dev.criexporter.cri.v1.ListMetricDescriptorsResponse;
import dev.criexporter.cri.v1.ListPodSandboxMetricsRequest;
import dev.criexporter.cri.v1.ListPodSandboxMetricsResponse;
import dev.criexporter.cri.v1.ListPodSandboxRequest;
import dev.criexporter.cri.v1.ListPodSandboxResponse;
import dev.criexporter.cri.v1.ListPodSandboxStatsRequest;
import dev.criexporter.cri.v1.ListPodSandboxStatsResponse;
import dev.criexporter.cri.v1.Metric;
import dev.criexporter.cri.v1.MetricDescriptor;
import dev.criexporter.cri.v1.MetricType;
import dev.criexporter.cri.v1.PodSandboxFilter;
import dev.criexporter.cri.v1.PodSandboxMetrics;
import dev.criexporter.cri.v1.PodSandboxState;
import dev.criexporter.cri.v1.PodSandboxStats;
import dev.criexporter.cri.v1.PodSandboxStatsFilter;
import dev.criexporter.cri.v1.PodSandboxStatsRequest;
import dev.criexporter.cri.v1.PodSandboxStatsResponse;
import dev.criexporter.cri.v1.PodSandboxStatusRequest;
import dev.criexporter.cri.v1.PodSandboxStatusResponse;
import dev.criexporter.cri.v1.RuntimeCondition;
import dev.criexporter.cri.v1.RuntimeServiceGrpc;
import dev.criexporter.cri.v1.RuntimeStatus;
import dev.criexporter.cri.v1.StatusRequest;
import dev.criexporter.cri.v1.StatusResponse;
import dev.criexporter.cri.v1.VersionRequest;
import dev.criexporter.cri.v1.VersionResponse;
import dev.criexporter.simulator.CgroupLayout;
import dev.criexporter.simulator.CgroupSample;
import dev.criexporter.simulator.NodeState;
import dev.criexporter.simulator.SampleClock;
import dev.criexporter.simulator.SimContainer;
import dev.criexporter.simulator.SimPod;
import dev.criexporter.simulator.SimulatedNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/** The read side of RuntimeService, answered from a {@link SimulatedNode}; the write calls stay unimplemented. */
final class FakeRuntimeService extends RuntimeServiceGrpc.RuntimeServiceImplBase {

  /** The CRI version every runtime reports in {@code VersionResponse.version}. */
  static final String KUBELET_API_VERSION = "0.1.0";

  private final SimulatedNode node;
  private final RuntimePersonality personality;
  private final CgroupLayout layout;
  private final SampleClock sampleClock;
  private final Faults faults;
  private final ScheduledExecutorService scheduler;
  private final Messages messages;
  private final StatsBuilder stats;
  private final VerboseInfo verbose;

  FakeRuntimeService(SimulatedNode node, RuntimePersonality personality, CgroupLayout layout,
      SampleClock sampleClock, Faults faults, ScheduledExecutorService scheduler) {
    this.node = node;
    this.personality = personality;
    this.layout = layout;
    this.sampleClock = sampleClock;
    this.faults = faults;
    this.scheduler = scheduler;
    this.messages = new Messages(personality, faults);
    this.stats = new StatsBuilder(personality, layout, sampleClock, faults, messages);
    this.verbose = new VerboseInfo(personality, layout);
  }

  // ---- identity ------------------------------------------------------------------------------

  @Override
  public void version(VersionRequest request, StreamObserver<VersionResponse> observer) {
    answer(CriMethod.VERSION, observer, () -> VersionResponse.newBuilder()
        .setVersion(KUBELET_API_VERSION)
        .setRuntimeName(personality.runtimeName())
        .setRuntimeVersion(personality.runtimeVersion())
        .setRuntimeApiVersion(personality.runtimeApiVersion())
        .build());
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
    answer(CriMethod.STATUS, observer, () -> {
      StatusResponse.Builder b = StatusResponse.newBuilder().setStatus(RuntimeStatus.newBuilder()
          .addConditions(RuntimeCondition.newBuilder().setType("RuntimeReady").setStatus(true))
          .addConditions(RuntimeCondition.newBuilder().setType("NetworkReady").setStatus(true)));
      if (request.getVerbose()) {
        b.putAllInfo(verbose.status());
      }
      return b.build();
    });
  }

  // ---- sandboxes and containers --------------------------------------------------------------

  @Override
  public void listPodSandbox(ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> observer) {
    answer(CriMethod.LIST_POD_SANDBOX, observer, () -> {
      PodSandboxFilter f = request.getFilter();
      ListPodSandboxResponse.Builder b = ListPodSandboxResponse.newBuilder();
      if (f.hasState() && f.getState().getState() != PodSandboxState.SANDBOX_READY) {
        return b.build();
      }
      for (SimPod pod : node.state().pods()) {
        if (pod.sandboxId().startsWith(f.getId())
            && (f.getLabelSelectorMap().isEmpty()
            || matches(messages.sandboxLabels(pod), f.getLabelSelectorMap()))) {
          b.addItems(messages.sandbox(pod));
        }
      }
      return b.build();
    });
  }

  @Override
  public void podSandboxStatus(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> observer) {
    answer(CriMethod.POD_SANDBOX_STATUS, observer, () -> {
      SimPod pod = findPod(node.state(), request.getPodSandboxId());
      PodSandboxStatusResponse.Builder b = PodSandboxStatusResponse.newBuilder()
          .setStatus(messages.sandboxStatus(pod));
      if (request.getVerbose()) {
        b.putAllInfo(verbose.sandbox(pod));
      }
      return b.build();
    });
  }

  @Override
  public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> observer) {
    answer(CriMethod.LIST_CONTAINERS, observer, () -> {
      ContainerFilter f = request.getFilter();
      ListContainersResponse.Builder b = ListContainersResponse.newBuilder();
      if (f.hasState() && f.getState().getState() != ContainerState.CONTAINER_RUNNING) {
        return b.build();
      }
      NodeState state = node.state();
      for (SimPod pod : state.pods()) {
        if (!pod.sandboxId().startsWith(f.getPodSandboxId())) {
          continue;
        }
        for (SimContainer c : state.containersOf(pod.uid())) {
          if (c.id().startsWith(f.getId())
              && (f.getLabelSelectorMap().isEmpty()
              || matches(messages.containerLabels(pod, c), f.getLabelSelectorMap()))) {
            b.addContainers(messages.container(pod, c));
          }
        }
      }
      return b.build();
    });
  }

  @Override
  public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> observer) {
    answer(CriMethod.CONTAINER_STATUS, observer, () -> {
      NodeState state = node.state();
      SimContainer c = findContainer(state, request.getContainerId());
      SimPod pod = state.pod(c.podUid()).orElseThrow();
      ContainerStatusResponse.Builder b = ContainerStatusResponse.newBuilder()
          .setStatus(messages.containerStatus(pod, c));
      if (request.getVerbose()) {
        b.putAllInfo(verbose.container(pod, c));
      }
      return b.build();
    });
  }

  // ---- statistics ----------------------------------------------------------------------------

  @Override
  public void containerStats(ContainerStatsRequest request, StreamObserver<ContainerStatsResponse> observer) {
    answer(CriMethod.CONTAINER_STATS, observer, () -> {
      NodeState state = node.state();
      String id = request.getContainerId();
      if (faults.omittedFromStats(id)) {
        throw notFound("container", id);
      }
      SimContainer c = findContainer(state, id);
      failIfStatsFail(List.of(id));
      return ContainerStatsResponse.newBuilder()
          .setStats(stats.containerStats(state.pod(c.podUid()).orElseThrow(), c))
          .build();
    });
  }

  @Override
  public void listContainerStats(ListContainerStatsRequest request,
      StreamObserver<ListContainerStatsResponse> observer) {
    answer(CriMethod.LIST_CONTAINER_STATS, observer, () -> {
      ContainerStatsFilter f = request.getFilter();
      NodeState state = node.state();
      List<SimContainer> selected = new ArrayList<>();
      for (SimPod pod : state.pods()) {
        if (!pod.sandboxId().startsWith(f.getPodSandboxId())) {
          continue;
        }
        for (SimContainer c : state.containersOf(pod.uid())) {
          if (c.id().startsWith(f.getId())
              && (f.getLabelSelectorMap().isEmpty()
              || matches(messages.containerLabels(pod, c), f.getLabelSelectorMap()))) {
            selected.add(c);
          }
        }
      }
      failIfStatsFail(selected.stream().map(SimContainer::id).toList());
      ListContainerStatsResponse.Builder b = ListContainerStatsResponse.newBuilder();
      for (SimContainer c : selected) {
        if (!faults.omittedFromStats(c.id())) {
          b.addStats(stats.containerStats(state.pod(c.podUid()).orElseThrow(), c));
        }
      }
      if (f.getPodSandboxId().isEmpty() && f.getLabelSelectorMap().isEmpty()) {
        for (String unknown : faults.unknownContainers()) {
          if (unknown.startsWith(f.getId())) {
            b.addStats(stats.unknownContainerStats(unknown, sampleClock.instantFor(unknown)));
          }
        }
      }
      forgetGone(state);
      return b.build();
    });
  }

  @Override
  public void podSandboxStats(PodSandboxStatsRequest request, StreamObserver<PodSandboxStatsResponse> observer) {
    answer(CriMethod.POD_SANDBOX_STATS, observer, () -> {
      NodeState state = node.state();
      SimPod pod = findPod(state, request.getPodSandboxId());
      return PodSandboxStatsResponse.newBuilder().setStats(podStats(state, pod)).build();
    });
  }

  @Override
  public void listPodSandboxStats(ListPodSandboxStatsRequest request,
      StreamObserver<ListPodSandboxStatsResponse> observer) {
    answer(CriMethod.LIST_POD_SANDBOX_STATS, observer, () -> {
      PodSandboxStatsFilter f = request.getFilter();
      NodeState state = node.state();
      List<SimPod> selected = new ArrayList<>();
      for (SimPod pod : state.pods()) {
        if (pod.sandboxId().startsWith(f.getId())
            && (f.getLabelSelectorMap().isEmpty()
            || matches(messages.sandboxLabels(pod), f.getLabelSelectorMap()))) {
          selected.add(pod);
        }
      }
      List<String> ids = new ArrayList<>();
      selected.forEach(p -> state.containersOf(p.uid()).forEach(c -> ids.add(c.id())));
      failIfStatsFail(ids);
      ListPodSandboxStatsResponse.Builder b = ListPodSandboxStatsResponse.newBuilder();
      for (SimPod pod : selected) {
        b.addStats(podStats(state, pod));
      }
      return b.build();
    });
  }

  private PodSandboxStats podStats(NodeState state, SimPod pod) {
    List<ContainerStats> containers = new ArrayList<>();
    for (SimContainer c : state.containersOf(pod.uid())) {
      if (!faults.omittedFromStats(c.id())) {
        containers.add(stats.containerStats(pod, c));
      }
    }
    return stats.podStats(state, pod, containers);
  }

  // ---- runtime-defined metrics ---------------------------------------------------------------

  private static final List<String> METRIC_LABELS = List.of("container", "id", "image", "name", "namespace", "pod");

  private record MetricDef(String name, String help, MetricType type, ToLongFunction<CgroupSample> value) {
  }

  private static final List<MetricDef> METRICS = List.of(
      new MetricDef("container_memory_usage_bytes", "Current memory usage in bytes, including all memory "
          + "regardless of when it was accessed", MetricType.GAUGE, s -> s.memory().usage()),
      new MetricDef("container_memory_working_set_bytes", "Current working set in bytes", MetricType.GAUGE,
          s -> s.memory().workingSet()),
      new MetricDef("container_memory_rss", "Size of RSS in bytes", MetricType.GAUGE, s -> s.memory().anon()),
      new MetricDef("container_memory_cache", "Number of bytes of page cache memory", MetricType.GAUGE,
          s -> s.memory().file()),
      new MetricDef("container_memory_failcnt", "Number of memory usage hits limits", MetricType.COUNTER,
          s -> s.memory().maxEvents()),
      new MetricDef("container_oom_events_total", "Count of out of memory events observed for the container",
          MetricType.COUNTER, s -> s.memory().oomKills()),
      new MetricDef("container_threads", "Number of threads running inside the container", MetricType.GAUGE,
          CgroupSample::threads));

  @Override
  public void listMetricDescriptors(ListMetricDescriptorsRequest request,
      StreamObserver<ListMetricDescriptorsResponse> observer) {
    answer(CriMethod.LIST_METRIC_DESCRIPTORS, observer, () -> {
      requireMetricsApi(CriMethod.LIST_METRIC_DESCRIPTORS);
      ListMetricDescriptorsResponse.Builder b = ListMetricDescriptorsResponse.newBuilder();
      for (MetricDef d : METRICS) {
        b.addDescriptors(MetricDescriptor.newBuilder().setName(d.name()).setHelp(d.help())
            .addAllLabelKeys(METRIC_LABELS));
      }
      return b.build();
    });
  }

  @Override
  public void listPodSandboxMetrics(ListPodSandboxMetricsRequest request,
      StreamObserver<ListPodSandboxMetricsResponse> observer) {
    answer(CriMethod.LIST_POD_SANDBOX_METRICS, observer, () -> {
      requireMetricsApi(CriMethod.LIST_POD_SANDBOX_METRICS);
      NodeState state = node.state();
      ListPodSandboxMetricsResponse.Builder b = ListPodSandboxMetricsResponse.newBuilder();
      for (SimPod pod : state.pods()) {
        PodSandboxMetrics.Builder pm = PodSandboxMetrics.newBuilder().setPodSandboxId(pod.sandboxId());
        for (SimContainer c : state.containersOf(pod.uid())) {
          var at = sampleClock.instantFor(c.id());
          CgroupSample s = c.sample(at);
          List<String> labels = List.of(c.name(), "/" + layout.containerPath(pod, c.id()),
              c.image().name(), c.id(), pod.namespace(), pod.name());
          ContainerMetrics.Builder cm = ContainerMetrics.newBuilder().setContainerId(c.id());
          for (MetricDef d : METRICS) {
            cm.addMetrics(Metric.newBuilder().setName(d.name()).setTimestamp(Messages.nanos(at))
                .setMetricType(d.type()).addAllLabelValues(labels)
                .setValue(StatsBuilder.u64(d.value().applyAsLong(s))));
          }
          pm.addContainerMetrics(cm);
        }
        b.addPodMetrics(pm);
      }
      return b.build();
    });
  }

  private void requireMetricsApi(CriMethod method) {
    if (!personality.metricsApi()) {
      // What grpc-go answers for a method the server was built without.
      throw Status.UNIMPLEMENTED.withDescription("unknown method " + method.rpcName() + " for service "
          + CriMethod.SERVICE).asRuntimeException();
    }
  }

  // ---- plumbing ------------------------------------------------------------------------------

  /**
   * Answers one call, applying the method's faults: a hang leaves it unanswered, a delay answers later
   * (without holding a thread), a failure answers with its status. The answer is computed when it is sent.
   */
  private <T> void answer(CriMethod method, StreamObserver<T> observer, Callable<T> body) {
    ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) observer;
    // With a cancel handler set, sending on a call the client gave up on is silently dropped.
    call.setOnCancelHandler(() -> { });
    if (faults.hangs(method)) {
      return;
    }
    Runnable respond = () -> {
      if (call.isCancelled()) {
        return;
      }
      Optional<Status.Code> failure = faults.takeFailure(method);
      if (failure.isPresent()) {
        call.onError(Status.fromCode(failure.get())
            .withDescription("injected fault: " + method.rpcName() + " fails with " + failure.get())
            .asRuntimeException());
        return;
      }
      T value;
      try {
        value = body.call();
      } catch (StatusRuntimeException e) {
        call.onError(e);
        return;
      } catch (Exception e) {
        call.onError(Status.INTERNAL.withDescription(e.toString()).withCause(e).asRuntimeException());
        return;
      }
      call.onNext(value);
      call.onCompleted();
    };
    Duration delay = faults.delayOf(method);
    if (delay.isZero()) {
      respond.run();
    } else {
      scheduler.schedule(respond, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void failIfStatsFail(List<String> containerIds) {
    faults.firstStatsFailure(containerIds).ifPresent(failure -> {
      String id = failure.getKey();
      String message = personality.flavor() == RuntimePersonality.Flavor.CONTAINERD
          ? "failed to convert to cri containerd stats format: failed to get usage nano cores, containerID: "
              + id + ": failed to get container ID: " + id + ": not found"
          : "unable to get stats for container " + id + ": container not found";
      throw Status.fromCode(failure.getValue()).withDescription(message).asRuntimeException();
    });
  }

  private void forgetGone(NodeState state) {
    Set<String> live = new HashSet<>();
    state.containers().forEach(c -> live.add(c.id()));
    state.pods().forEach(p -> live.add(p.sandboxId()));
    stats.retainCpuHistory(live);
  }

  private SimContainer findContainer(NodeState state, String id) {
    return state.container(id).orElseThrow(() -> notFound("container", id));
  }

  private SimPod findPod(NodeState state, String sandboxId) {
    return state.podBySandboxId(sandboxId).orElseThrow(() -> notFound("sandbox", sandboxId));
  }

  /** NOT_FOUND with the imitated runtime's wording. */
  private StatusRuntimeException notFound(String what, String id) {
    String message = personality.flavor() == RuntimePersonality.Flavor.CONTAINERD
        ? "an error occurred when try to find " + what + " \"" + id + "\": not found"
        : "could not find " + (what.equals("sandbox") ? "pod" : what) + " \"" + id + "\": " + what
            + " with ID starting with " + id + " not found: ID does not exist";
    return Status.NOT_FOUND.withDescription(message).asRuntimeException();
  }

  private static boolean matches(Map<String, String> labels, Map<String, String> selector) {
    if (selector.isEmpty()) {
      return true;
    }
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
