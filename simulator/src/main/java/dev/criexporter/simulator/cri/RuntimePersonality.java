package dev.criexporter.simulator.cri;

import dev.criexporter.simulator.CgroupLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Which runtime a {@link FakeCriServer} imitates: its identity, socket, default cgroup layout and the
 * behaviours in which runtimes differ. Use {@link #CONTAINERD} or {@link #CRIO}, adjusted with the
 * {@code with*} methods.
 *
 * @param flavor                whose message shapes (verbose info, error texts) to imitate
 * @param runtimeName           {@code VersionResponse.runtime_name}
 * @param runtimeVersion        {@code VersionResponse.runtime_version}
 * @param runtimeApiVersion     {@code VersionResponse.runtime_api_version}
 * @param socketPath            the socket, relative to a host root
 * @param defaultLayout         the cgroup layout used unless the server is given another
 * @param metricsApi            whether ListMetricDescriptors and ListPodSandboxMetrics are implemented
 * @param reportsSwap           whether container and pod statistics carry swap usage
 * @param writableLayerDelay    how long after a container starts its writable-layer usage still reads 0
 * @param writableLayerMount    {@code writable_layer.fs_id.mountpoint}
 * @param reportsImageId        whether ContainerStatus fills {@code image_id}
 */
public record RuntimePersonality(
    Flavor flavor,
    String runtimeName,
    String runtimeVersion,
    String runtimeApiVersion,
    String socketPath,
    CgroupLayout defaultLayout,
    boolean metricsApi,
    boolean reportsSwap,
    Duration writableLayerDelay,
    String writableLayerMount,
    boolean reportsImageId) {

  /** The runtime whose message shapes are imitated. */
  public enum Flavor { CONTAINERD, CRIO }

  /**
   * containerd 1.6 with its built-in CRI plugin, as on Debian 12. Quirks modelled:
   * <ul>
   *   <li>ListMetricDescriptors and ListPodSandboxMetrics answer UNIMPLEMENTED (they arrived in 2.2);</li>
   *   <li>no swap statistics;</li>
   *   <li>the writable layer's usage comes from a background collector ({@code stats_collect_period}, 10 s) and
   *       reads 0 until its first pass over a new container;</li>
   *   <li>ContainerStatus leaves {@code image_id} empty;</li>
   *   <li>verbose ContainerStatus puts a JSON document under {@code info["info"]} with {@code sandboxID},
   *       {@code pid}, {@code removing}, {@code snapshotKey}, {@code snapshotter}, {@code runtimeType},
   *       {@code runtimeOptions}, {@code config} and {@code runtimeSpec}.</li>
   * </ul>
   */
  public static final RuntimePersonality CONTAINERD = new RuntimePersonality(Flavor.CONTAINERD, "containerd",
      "1.6.20~ds1", "v1", "run/containerd/containerd.sock", CgroupLayout.CONTAINERD_SYSTEMD, false, false,
      Duration.ofSeconds(10), "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs", false);

  /**
   * CRI-O 1.30. Quirks modelled:
   * <ul>
   *   <li>pods have no infra (pause) process by default ({@code drop_infra_ctr}), hence no sandbox cgroup;</li>
   *   <li>container cgroups are {@code crio-<id>.scope} (systemd) or {@code crio-<id>} (cgroupfs), and the
   *       runtime spec's cgroupsPath is {@code <pod slice>:crio:<id>};</li>
   *   <li>verbose ContainerStatus puts a smaller JSON document under {@code info["info"]}: {@code sandboxID},
   *       {@code pid}, {@code runtimeSpec} (with {@code io.kubernetes.cri-o.*} annotations) and
   *       {@code privileged}; no snapshotter or runtime type;</li>
   *   <li>swap statistics are reported; {@code image_id} is filled;</li>
   *   <li>the writable layer's usage is measured on each call (no delay);</li>
   *   <li>ListMetricDescriptors and ListPodSandboxMetrics answer UNIMPLEMENTED unless enabled.</li>
   * </ul>
   */
  public static final RuntimePersonality CRIO = new RuntimePersonality(Flavor.CRIO, "cri-o", "1.30.4", "v1",
      "run/crio/crio.sock", CgroupLayout.CRIO_SYSTEMD, false, true, Duration.ZERO,
      "/var/lib/containers/storage/overlay", true);

  public RuntimePersonality {
    Objects.requireNonNull(flavor, "flavor");
    Objects.requireNonNull(runtimeName, "runtimeName");
    Objects.requireNonNull(runtimeVersion, "runtimeVersion");
    Objects.requireNonNull(runtimeApiVersion, "runtimeApiVersion");
    Objects.requireNonNull(socketPath, "socketPath");
    Objects.requireNonNull(defaultLayout, "defaultLayout");
    Objects.requireNonNull(writableLayerDelay, "writableLayerDelay");
    Objects.requireNonNull(writableLayerMount, "writableLayerMount");
    if (Path.of(socketPath).isAbsolute()) {
      throw new IllegalArgumentException("socket path must be relative to a host root: " + socketPath);
    }
  }

  /** The runtime's socket under a host root, {@code <hostRoot>/run/containerd/containerd.sock}. */
  public Path socketUnder(Path hostRoot) {
    return hostRoot.resolve(socketPath);
  }

  /** With the runtime-defined metrics calls implemented (containerd ≥ 2.2). */
  public RuntimePersonality withMetricsApi(boolean enabled) {
    return new RuntimePersonality(flavor, runtimeName, runtimeVersion, runtimeApiVersion, socketPath,
        defaultLayout, enabled, reportsSwap, writableLayerDelay, writableLayerMount, reportsImageId);
  }

  /** With another runtime name and version, e.g. to say plainly that it is simulated. */
  public RuntimePersonality withIdentity(String name, String version) {
    return new RuntimePersonality(flavor, name, version, runtimeApiVersion, socketPath, defaultLayout,
        metricsApi, reportsSwap, writableLayerDelay, writableLayerMount, reportsImageId);
  }

  /** With another version string. */
  public RuntimePersonality withVersion(String version) {
    return new RuntimePersonality(flavor, runtimeName, version, runtimeApiVersion, socketPath, defaultLayout,
        metricsApi, reportsSwap, writableLayerDelay, writableLayerMount, reportsImageId);
  }

  /** With another default cgroup layout (say, the cgroupfs driver). */
  public RuntimePersonality withDefaultLayout(CgroupLayout layout) {
    return new RuntimePersonality(flavor, runtimeName, runtimeVersion, runtimeApiVersion, socketPath, layout,
        metricsApi, reportsSwap, writableLayerDelay, writableLayerMount, reportsImageId);
  }
}
