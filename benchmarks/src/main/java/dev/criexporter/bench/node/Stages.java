package dev.criexporter.bench.node;

import dev.criexporter.bench.SimHosts;
import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cgroup.HostCgroups;
import dev.criexporter.cgroup.read.CgroupReader;
import dev.criexporter.cgroup.read.StatGroup;
import dev.criexporter.cri.CallObserver;
import dev.criexporter.cri.GrpcCriClient;
import dev.criexporter.cri.v1.ListContainerStatsResponse;
import dev.criexporter.cri.v1.ListContainersResponse;
import dev.criexporter.cri.v1.ListPodSandboxResponse;
import dev.criexporter.cri.v1.ListPodSandboxStatsResponse;
import dev.criexporter.exporter.Exporter;
import dev.criexporter.exporter.ExporterConfig;
import dev.criexporter.exporter.http.ChunkPool;
import dev.criexporter.exporter.http.Rendered;
import dev.criexporter.exporter.http.TextWriter;
import dev.criexporter.exporter.metrics.CollectorRunner;
import dev.criexporter.exporter.metrics.Collectors;
import dev.criexporter.exporter.metrics.LabelScheme;
import dev.criexporter.exporter.model.ContainerSample;
import dev.criexporter.exporter.model.NodeSnapshot;
import dev.criexporter.simulator.cri.FakeHost;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The poll cycle taken apart, in this JVM, against the same simulated host: each stage repeated
 * and timed by the calling thread's CPU clock, with the bytes it allocated. The exporter under test
 * runs in-process here (its poll thread is the caller), so these figures are the work of one
 * thread, without GC, JIT or the HTTP server.
 */
final class Stages {

  /** Medians of one stage over its repetitions. */
  record Stage(String name, int reps, double cpuMs, double wallMs, double allocMb) {
  }

  /** Sizes of the CRI answers one poll asks for, in bytes. */
  record CriSizes(long listContainers, long listContainerStats, long listPodSandbox,
      long listPodSandboxStats) {
  }

  record Result(List<Stage> stages, CriSizes criSizes, int containers, int families,
      long textBytes, long gzipBytes) {
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Stages() {
  }

  static Result measure(FakeHost host, int warmups, int reps) {
    ExporterConfig config = ExporterConfig.builder()
        .listen(new InetSocketAddress("127.0.0.1", 0))
        .pollInterval(Duration.ofHours(1))
        .criEndpoint(SimHosts.endpoint(host))
        .hostRoot(host.root())
        .cgroupMode(CgroupMode.UNIFIED)
        .build();
    List<Stage> stages = new ArrayList<>();
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try (Exporter exporter = Exporter.start(config);
        GrpcCriClient cri = new GrpcCriClient(host.socketPath(), loop, Duration.ofSeconds(30),
            config.criMaxMessageBytes(), CallObserver.NONE)) {
      try {
        if (!exporter.awaitFirstPoll(5, TimeUnit.MINUTES)) {
          throw new IllegalStateException("no first poll in-process");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      stages.add(time("poll (Exporter.pollNow, one thread)", warmups, reps, exporter::pollNow));
      NodeSnapshot snapshot = exporter.latestSnapshot();

      stages.add(time("cri: ListContainers", warmups, reps, () -> cri.listContainers(false)));
      stages.add(time("cri: ListContainerStats", warmups, reps, cri::listContainerStats));
      stages.add(time("cri: ListPodSandbox", warmups, reps, cri::listPodSandboxes));
      stages.add(time("cri: ListPodSandboxStats", warmups, reps, cri::listPodSandboxStats));
      CriSizes sizes = new CriSizes(
          ListContainersResponse.newBuilder().addAllContainers(cri.listContainers(false)).build()
              .getSerializedSize(),
          ListContainerStatsResponse.newBuilder().addAllStats(cri.listContainerStats()).build()
              .getSerializedSize(),
          ListPodSandboxResponse.newBuilder().addAllItems(cri.listPodSandboxes()).build()
              .getSerializedSize(),
          ListPodSandboxStatsResponse.newBuilder().addAllStats(cri.listPodSandboxStats()).build()
              .getSerializedSize());

      CgroupReader reader = new CgroupReader(HostCgroups.of(host.cgroupRoot(), CgroupMode.UNIFIED));
      List<String> paths = new ArrayList<>();
      for (ContainerSample c : snapshot.containers()) {
        paths.add(c.identity().cgroupPath());
      }
      Set<StatGroup> memory = EnumSet.of(StatGroup.MEMORY);
      Set<StatGroup> all = EnumSet.allOf(StatGroup.class);
      stages.add(time("cgroup reads (memory before + all after, every container)", warmups, reps,
          () -> {
            for (String p : paths) {
              reader.read(p, memory);
            }
            for (String p : paths) {
              reader.read(p, all);
            }
            return null;
          }));

      CollectorRunner runner = new CollectorRunner(Collectors.select(Set.of(), Set.of()),
          new LabelScheme(LabelScheme.Mode.CADVISOR, List.of()));
      stages.add(time("collectors (CollectorRunner.run)", warmups, reps, () -> runner.run(snapshot)));
      List<MetricSnapshot> families = runner.run(snapshot).families();
      MetricSnapshots metricSnapshots = new MetricSnapshots(families);
      stages.add(time("render text, upstream writer into an array (before)", warmups, reps,
          () -> text(metricSnapshots)));
      byte[] plain = text(metricSnapshots);
      stages.add(time("gzip level 1 of the text (separate pass)", warmups, reps,
          () -> gzip(plain)));
      stages.add(time("render text (TextWriter, discarded)", warmups, reps, () -> {
        try {
          TextWriter.write(java.io.OutputStream.nullOutputStream(), metricSnapshots);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return null;
      }));
      ChunkPool pool = new ChunkPool(4096);
      stages.add(time("render + gzip (Rendered.of, pooled)", warmups, reps, () -> {
        Rendered x = Rendered.of(metricSnapshots, pool);
        x.release();
        return x;
      }));
      CollectorRunner lean = new CollectorRunner(Collectors.select(Set.of(), Set.of()),
          new LabelScheme(LabelScheme.Mode.LEAN, List.of()));
      MetricSnapshots leanSnapshots = new MetricSnapshots(lean.run(snapshot).families());
      stages.add(time("render + gzip, lean labels", warmups, reps, () -> {
        Rendered x = Rendered.of(leanSnapshots, pool);
        x.release();
        return x;
      }));
      Rendered r = Rendered.of(metricSnapshots);
      return new Result(stages, sizes, snapshot.containers().size(), families.size(),
          r.textBytes(), r.textGzipBytes());
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  static Stage time(String name, int warmups, int reps, Supplier<?> work) {
    Object sink = null;
    for (int i = 0; i < warmups; i++) {
      sink = work.get();
    }
    long tid = Thread.currentThread().getId();
    long[] cpu = new long[reps];
    long[] wall = new long[reps];
    long[] alloc = new long[reps];
    for (int i = 0; i < reps; i++) {
      long a0 = THREADS.getThreadAllocatedBytes(tid);
      long c0 = THREADS.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      sink = work.get();
      wall[i] = System.nanoTime() - w0;
      cpu[i] = THREADS.getCurrentThreadCpuTime() - c0;
      alloc[i] = THREADS.getThreadAllocatedBytes(tid) - a0;
    }
    if (sink == THREADS) {
      throw new AssertionError();
    }
    return new Stage(name, reps, Floor.median(cpu) / 1e6, Floor.median(wall) / 1e6,
        Floor.median(alloc) / 1e6);
  }

  static byte[] text(MetricSnapshots snapshots) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try {
      PrometheusTextFormatWriter.create().write(out, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Compresses as Rendered does: gzip, level 1, 64 KiB buffer. */
  static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, plain.length / 4));
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The stages as JSON-friendly maps. */
  static Map<String, Object> toMap(Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Map<String, Object>> list = new ArrayList<>();
    for (Stage s : r.stages()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("stage", s.name());
      x.put("reps", s.reps());
      x.put("cpu_ms_median", round(s.cpuMs()));
      x.put("wall_ms_median", round(s.wallMs()));
      x.put("alloc_mb_median", round(s.allocMb()));
      list.add(x);
    }
    m.put("stages", list);
    m.put("cri_answer_bytes", Map.of(
        "ListContainers", r.criSizes().listContainers(),
        "ListContainerStats", r.criSizes().listContainerStats(),
        "ListPodSandbox", r.criSizes().listPodSandbox(),
        "ListPodSandboxStats", r.criSizes().listPodSandboxStats()));
    m.put("containers", r.containers());
    m.put("container_families", r.families());
    m.put("text_bytes", r.textBytes());
    m.put("gzip_bytes", r.gzipBytes());
    return m;
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
