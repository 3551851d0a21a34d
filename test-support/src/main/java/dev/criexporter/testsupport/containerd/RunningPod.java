package dev.criexporter.testsupport.containerd;

import dev.criexporter.cri.v1.PodSandboxConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A pod sandbox created by {@link TestPods}, with the containers created in it so far (by name;
 * the latest attempt when a name was created more than once) and how long each step took.
 */
public final class RunningPod {

  /** How long CreateContainer and StartContainer took for one container. */
  public record ContainerTimes(Duration create, Duration start) {
  }

  private final PodSpec spec;
  private final String podSandboxId;
  private final PodSandboxConfig sandboxConfig;
  private final Path logDirectory;
  private final Duration runPodSandboxTime;
  private final Map<String, String> containerIds = new LinkedHashMap<>();
  private final Map<String, Integer> attempts = new LinkedHashMap<>();
  private final Map<String, ContainerTimes> containerTimes = new LinkedHashMap<>();

  RunningPod(PodSpec spec, String podSandboxId, PodSandboxConfig sandboxConfig, Path logDirectory,
        Duration runPodSandboxTime) {
    this.spec = spec;
    this.podSandboxId = podSandboxId;
    this.sandboxConfig = sandboxConfig;
    this.logDirectory = logDirectory;
    this.runPodSandboxTime = runPodSandboxTime;
  }

  public String podSandboxId() {
    return podSandboxId;
  }

  public String name() {
    return spec.name();
  }

  public String namespace() {
    return spec.namespace();
  }

  public String uid() {
    return spec.uid();
  }

  public QosClass qosClass() {
    return spec.qosClass();
  }

  /** {@code /kubepods[/<qos>]/pod<uid>}. */
  public String cgroupParent() {
    return spec.cgroupParent();
  }

  /** The sandbox's own cgroup, {@code <cgroupParent>/<podSandboxId>}. */
  public String sandboxCgroupPath() {
    return spec.cgroupParent() + "/" + podSandboxId;
  }

  /** Container ids by container name. */
  public synchronized Map<String, String> containerIds() {
    return Map.copyOf(containerIds);
  }

  /**
   * The id of the container named {@code name} (its latest attempt).
   *
   * @throws NoSuchElementException if no container of that name was created in this pod
   */
  public synchronized String containerId(String name) {
    String id = containerIds.get(name);
    if (id == null) {
      throw new NoSuchElementException("pod " + namespace() + "/" + name() + " has no container named " + name
          + "; it has " + containerIds.keySet());
    }
    return id;
  }

  /** The container's cgroup, {@code <cgroupParent>/<containerId>}, relative to a hierarchy's root. */
  public String containerCgroupPath(String name) {
    return spec.cgroupParent() + "/" + containerId(name);
  }

  /** The sandbox's log directory, kubelet style: {@code <namespace>_<name>_<uid>}. */
  public Path logDirectory() {
    return logDirectory;
  }

  /** The container's log file (CRI log format), {@code <logDirectory>/<name>/<attempt>.log}. */
  public synchronized Path containerLog(String name) {
    containerId(name);
    return logDirectory.resolve(name).resolve(attempts.get(name) + ".log");
  }

  public Duration runPodSandboxTime() {
    return runPodSandboxTime;
  }

  /** Create and start durations by container name (latest attempt). */
  public synchronized Map<String, ContainerTimes> containerTimes() {
    return Map.copyOf(containerTimes);
  }

  @Override
  public synchronized String toString() {
    return "RunningPod[" + namespace() + "/" + name() + " uid " + uid() + " sandbox " + podSandboxId
        + " containers " + containerIds + "]";
  }

  PodSandboxConfig sandboxConfig() {
    return sandboxConfig;
  }

  /** The attempt number the next container called {@code name} gets: 0 first, then 1, 2, ... */
  synchronized int nextAttempt(String name) {
    Integer previous = attempts.get(name);
    return previous == null ? 0 : previous + 1;
  }

  synchronized void recordContainer(String name, int attempt, String id, ContainerTimes times) {
    containerIds.put(name, id);
    attempts.put(name, attempt);
    containerTimes.put(name, times);
  }
}
