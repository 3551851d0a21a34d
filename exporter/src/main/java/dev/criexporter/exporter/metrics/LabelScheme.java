package dev.criexporter.exporter.metrics;

import dev.criexporter.exporter.model.ContainerIdentity;
import dev.criexporter.exporter.model.PodIdentity;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, in one place, which labels a container's series carry.
 *
 * <p>{@link Mode#CADVISOR} gives kubelet's {@code /metrics/cadvisor} set: {@code container, id,
 * image, name, namespace, pod}. {@link Mode#LEAN} drops {@code id} and {@code name} (the cgroup
 * path and the 64-hex container id), about a third of the bytes of every series; the
 * kubernetes-mixin rules join on {@code namespace, pod, container} and keep working.
 *
 * <p>Pod labels are exported only when allow-listed, as {@code container_label_<sanitized key>}.
 */
public final class LabelScheme {

  /** Label sets to choose from. */
  public enum Mode { CADVISOR, LEAN }

  /** Longest label value kept; longer values are cut (a runtime can send megabytes). */
  public static final int MAX_VALUE_LENGTH = 512;

  private final Mode mode;
  private final List<String> podLabelKeys;
  private final String[] names;

  public LabelScheme(Mode mode, List<String> allowedPodLabels) {
    this.mode = mode;
    this.podLabelKeys = List.copyOf(allowedPodLabels);
    List<String> n = new ArrayList<>(List.of("namespace", "pod", "container", "image"));
    if (mode == Mode.CADVISOR) {
      n.add("id");
      n.add("name");
    }
    for (String k : podLabelKeys) {
      n.add("container_label_" + sanitizeName(k));
    }
    this.names = n.toArray(String[]::new);
  }

  public Mode mode() {
    return mode;
  }

  /** The label keys every per-container series carries, in declaration order. */
  public List<String> keys() {
    return List.of(names);
  }

  /** The labels of one container's series. */
  public Labels labelsFor(ContainerIdentity c) {
    return labels(c.namespace(), c.pod(), c.container(), c.image(), c.cgroupPath(), c.id(),
        c.podLabels());
  }

  /**
   * The labels of a pod-level series, with the same keys as containers' so that every series of
   * a family carries one label set.
   *
   * @param container {@code ""} for the pod cgroup and the sandbox's network, {@code POD} for the
   *     pause container
   * @param cgroupPath the {@code id} label
   * @param name the {@code name} label (the sandbox id for the sandbox, empty for the pod cgroup)
   */
  public Labels labelsForPod(PodIdentity p, String container, String cgroupPath, String name) {
    return labels(p.namespace(), p.pod(), container, "", cgroupPath, name, p.labels());
  }

  private Labels labels(String namespace, String pod, String container, String image, String id,
      String name, java.util.Map<String, String> podLabels) {
    String[] values = new String[names.length];
    int i = 0;
    values[i++] = clean(namespace);
    values[i++] = clean(pod);
    values[i++] = clean(container);
    values[i++] = clean(image);
    if (mode == Mode.CADVISOR) {
      values[i++] = clean(id);
      values[i++] = clean(name);
    }
    for (String k : podLabelKeys) {
      values[i++] = clean(podLabels.getOrDefault(k, ""));
    }
    return Labels.of(names, values);
  }

  /** Cuts overlong values and replaces characters that cannot be encoded. */
  public static String clean(String v) {
    if (v == null) {
      return "";
    }
    String s = v.length() > MAX_VALUE_LENGTH ? v.substring(0, MAX_VALUE_LENGTH) : v;
    // Lone surrogates cannot be written as UTF-8; replace them so the exposition stays valid.
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isSurrogate(ch)) {
        boolean pair = Character.isHighSurrogate(ch) && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1));
        if (!pair) {
          return replaceLoneSurrogates(s);
        }
        i++;
      }
    }
    return s;
  }

  private static String replaceLoneSurrogates(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isHighSurrogate(ch) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(ch).append(s.charAt(++i));
      } else if (Character.isSurrogate(ch)) {
        b.append('\uFFFD');
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }

  /** Turns a Kubernetes label key into a Prometheus label name the way cAdvisor does. */
  public static String sanitizeName(String key) {
    StringBuilder b = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char ch = key.charAt(i);
      boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_'
          || (i > 0 && ch >= '0' && ch <= '9');
      b.append(ok ? ch : '_');
    }
    return b.length() == 0 ? "_" : b.toString();
  }
}
