package dev.criexporter.simulator.cri;

import dev.criexporter.simulator.CgroupLayout;
import dev.criexporter.simulator.CgroupLimits;
import dev.criexporter.simulator.SimContainer;
import dev.criexporter.simulator.SimPod;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code info} maps of verbose ContainerStatus, PodSandboxStatus and Status answers, shaped like the
 * imitated runtime's: a compact JSON document under the key {@code "info"}, whose keys differ by runtime.
 */
final class VerboseInfo {

  static final String PAUSE_IMAGE = "registry.k8s.io/pause:3.9";

  private final RuntimePersonality personality;
  private final CgroupLayout layout;

  VerboseInfo(RuntimePersonality personality, CgroupLayout layout) {
    this.personality = personality;
    this.layout = layout;
  }

  Map<String, String> container(SimPod pod, SimContainer c) {
    Json j = new Json().beginObject();
    if (personality.flavor() == RuntimePersonality.Flavor.CONTAINERD) {
      j.member("sandboxID", c.sandboxId())
          .member("pid", c.pid())
          .member("removing", false)
          .member("snapshotKey", c.id())
          .member("snapshotter", "overlayfs")
          .member("runtimeType", "io.containerd.runc.v2");
      runtimeOptions(j);
      j.name("config").beginObject()
          .name("metadata").beginObject().member("name", c.name()).member("attempt", c.attempt()).endObject()
          .name("image").beginObject().member("image", c.image().id()).endObject()
          .member("labels", containerLabels(pod, c))
          .member("annotations", Messages.containerAnnotations(c))
          .member("log_path", Messages.logPath(pod, c))
          .endObject();
      containerSpec(j, pod, c, containerdAnnotations(pod, c));
    } else {
      j.member("sandboxID", c.sandboxId()).member("pid", c.pid());
      containerSpec(j, pod, c, crioAnnotations(pod, c));
      j.member("privileged", false);
    }
    return Map.of("info", j.endObject().toString());
  }

  Map<String, String> sandbox(SimPod pod) {
    // Without an infra container, CRI-O's sandbox has no process of its own.
    long pid = layout.sandboxCgroups() ? pod.sandboxPid() : 0;
    Json j = new Json().beginObject();
    if (personality.flavor() == RuntimePersonality.Flavor.CONTAINERD) {
      j.member("pid", pid)
          .member("processStatus", "running")
          .member("netNamespaceClosed", false)
          .member("image", PAUSE_IMAGE)
          .member("snapshotKey", pod.sandboxId())
          .member("snapshotter", "overlayfs")
          .member("runtimeHandler", "")
          .member("runtimeType", "io.containerd.runc.v2");
      runtimeOptions(j);
      j.name("config").beginObject()
          .name("metadata").beginObject().member("name", pod.name()).member("uid", pod.uid())
          .member("namespace", pod.namespace()).endObject()
          .name("linux").beginObject().member("cgroup_parent", layout.cgroupParent(pod)).endObject()
          .endObject();
    } else {
      j.member("image", PAUSE_IMAGE).member("pid", pid);
    }
    j.name("runtimeSpec").beginObject()
        .name("linux").beginObject()
        .member("cgroupsPath", layout.runtimeSpecCgroupsPath(pod, pod.sandboxId()))
        .endObject()
        .endObject();
    return Map.of("info", j.endObject().toString());
  }

  /** containerd describes its CRI configuration; CRI-O gives no details. */
  Map<String, String> status() {
    if (personality.flavor() != RuntimePersonality.Flavor.CONTAINERD) {
      return Map.of();
    }
    String config = new Json().beginObject()
        .name("containerd").beginObject().member("snapshotter", "overlayfs")
        .member("defaultRuntimeName", "runc").endObject()
        .member("sandboxImage", PAUSE_IMAGE)
        .member("statsCollectPeriod", personality.writableLayerDelay().toSeconds())
        .member("systemdCgroup", layout.driver() == CgroupLayout.Driver.SYSTEMD)
        .endObject().toString();
    Map<String, String> info = new LinkedHashMap<>();
    info.put("config", config);
    info.put("golang", "go1.19.8");
    info.put("lastCNILoadStatus", "OK");
    info.put("lastCNILoadStatus.default", "OK");
    return info;
  }

  private void runtimeOptions(Json j) {
    j.name("runtimeOptions").beginObject()
        .member("systemd_cgroup", layout.driver() == CgroupLayout.Driver.SYSTEMD)
        .endObject();
  }

  private void containerSpec(Json j, SimPod pod, SimContainer c, Map<String, String> annotations) {
    CgroupLimits l = c.profile().limits();
    j.name("runtimeSpec").beginObject()
        .member("ociVersion", "1.0.2-dev")
        .name("process").beginObject()
        .name("user").beginObject().member("uid", 0).member("gid", 0).endObject()
        .name("args").beginArray().value("/entrypoint").endArray()
        .member("cwd", "/")
        .endObject()
        .name("root").beginObject().member("path", "rootfs").endObject()
        .member("annotations", annotations)
        .name("linux").beginObject()
        .name("resources").beginObject()
        .name("devices").beginArray().beginObject().member("allow", false).member("access", "rwm").endObject()
        .endArray();
    if (l.memoryLimitBytes().isPresent()) {
      j.name("memory").beginObject().member("limit", l.memoryLimitBytes().getAsLong()).endObject();
    }
    j.name("cpu").beginObject().member("shares", l.cpuShares());
    if (l.cpuQuotaMicros().isPresent()) {
      j.member("quota", l.cpuQuotaMicros().getAsLong());
    }
    j.member("period", l.cpuPeriodMicros()).endObject()
        .endObject()
        .member("cgroupsPath", layout.runtimeSpecCgroupsPath(pod, c.id()))
        .name("namespaces").beginArray()
        .beginObject().member("type", "pid").endObject()
        .beginObject().member("type", "ipc").member("path", "/proc/" + pod.sandboxPid() + "/ns/ipc").endObject()
        .beginObject().member("type", "uts").member("path", "/proc/" + pod.sandboxPid() + "/ns/uts").endObject()
        .beginObject().member("type", "mount").endObject()
        .beginObject().member("type", "network").member("path", "/proc/" + pod.sandboxPid() + "/ns/net")
        .endObject()
        .endArray()
        .endObject()
        .endObject();
  }

  private static Map<String, String> containerLabels(SimPod pod, SimContainer c) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("io.kubernetes.container.name", c.name());
    labels.put("io.kubernetes.pod.name", pod.name());
    labels.put("io.kubernetes.pod.namespace", pod.namespace());
    labels.put("io.kubernetes.pod.uid", pod.uid());
    return labels;
  }

  private static Map<String, String> containerdAnnotations(SimPod pod, SimContainer c) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("io.kubernetes.cri.container-name", c.name());
    a.put("io.kubernetes.cri.container-type", "container");
    a.put("io.kubernetes.cri.image-name", c.image().name());
    a.put("io.kubernetes.cri.sandbox-id", c.sandboxId());
    a.put("io.kubernetes.cri.sandbox-name", pod.name());
    a.put("io.kubernetes.cri.sandbox-namespace", pod.namespace());
    a.put("io.kubernetes.cri.sandbox-uid", pod.uid());
    return a;
  }

  private static Map<String, String> crioAnnotations(SimPod pod, SimContainer c) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("io.kubernetes.cri-o.ContainerID", c.id());
    a.put("io.kubernetes.cri-o.ContainerType", "container");
    a.put("io.kubernetes.cri-o.Created", c.createdAt().toString());
    a.put("io.kubernetes.cri-o.Image", c.image().id());
    a.put("io.kubernetes.cri-o.ImageName", c.image().name());
    a.put("io.kubernetes.cri-o.ImageRef", c.image().digest());
    a.put("io.kubernetes.cri-o.Name", "k8s_" + c.name() + "_" + pod.name() + "_" + pod.namespace() + "_"
        + pod.uid() + "_" + c.attempt());
    a.put("io.kubernetes.cri-o.SandboxID", c.sandboxId());
    a.put("io.kubernetes.cri-o.SandboxName", "k8s_" + pod.name() + "_" + pod.namespace() + "_" + pod.uid() + "_0");
    return a;
  }
}
