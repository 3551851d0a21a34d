package dev.criexporter.testsupport.containerd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A test pod: name, namespace, uid (random unless given), QoS class (burstable unless given),
 * extra labels and its containers. Pods always use the host network, so no CNI is needed.
 */
public final class PodSpec {

  private final String name;
  private final String namespace;
  private final String uid;
  private final QosClass qosClass;
  private final Map<String, String> labels;
  private final List<ContainerSpec> containers;

  private PodSpec(Builder builder) {
    this.name = builder.name;
    this.namespace = builder.namespace;
    this.uid = builder.uid;
    this.qosClass = builder.qosClass;
    this.labels = Map.copyOf(builder.labels);
    this.containers = List.copyOf(builder.containers);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  public String namespace() {
    return namespace;
  }

  public String uid() {
    return uid;
  }

  public QosClass qosClass() {
    return qosClass;
  }

  /** {@code /kubepods[/<qos>]/pod<uid>}: where the pod's and its containers' cgroups go. */
  public String cgroupParent() {
    return qosClass.cgroupParent(uid);
  }

  /** Labels added to the kubelet-style ones. */
  public Map<String, String> labels() {
    return labels;
  }

  public List<ContainerSpec> containers() {
    return containers;
  }

  @Override
  public String toString() {
    return "PodSpec[" + namespace + "/" + name + " uid " + uid + " " + qosClass + " "
        + containers.stream().map(ContainerSpec::name).toList() + "]";
  }

  public static final class Builder {

    private final String name;
    private String namespace = "default";
    private String uid = UUID.randomUUID().toString();
    private QosClass qosClass = QosClass.BURSTABLE;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<ContainerSpec> containers = new ArrayList<>();

    private Builder(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("pod name must not be blank");
      }
      this.name = name;
    }

    public Builder namespace(String namespace) {
      if (namespace == null || namespace.isBlank()) {
        throw new IllegalArgumentException("namespace must not be blank");
      }
      this.namespace = namespace;
      return this;
    }

    /** The pod uid; it becomes part of the cgroup path, so only letters, digits, '-' and '_'. */
    public Builder uid(String uid) {
      if (uid == null || !uid.matches("[0-9A-Za-z_-]+")) {
        throw new IllegalArgumentException("pod uid must be letters, digits, '-' or '_': " + uid);
      }
      this.uid = uid;
      return this;
    }

    public Builder qosClass(QosClass qosClass) {
      this.qosClass = Objects.requireNonNull(qosClass, "qosClass");
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder container(ContainerSpec container) {
      containers.add(Objects.requireNonNull(container, "container"));
      return this;
    }

    public PodSpec build() {
      Set<String> names = new LinkedHashSet<>();
      for (ContainerSpec container : containers) {
        if (!names.add(container.name())) {
          throw new IllegalArgumentException("pod " + name + " has two containers named " + container.name());
        }
      }
      return new PodSpec(this);
    }
  }
}
