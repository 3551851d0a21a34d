package dev.criexporter.deploy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import dev.criexporter.cri.v1.ContainerConfig;
import dev.criexporter.cri.v1.ContainerMetadata;
import dev.criexporter.cri.v1.ImageSpec;
import dev.criexporter.cri.v1.Int64Value;
import dev.criexporter.cri.v1.KeyValue;
import dev.criexporter.cri.v1.LinuxContainerConfig;
import dev.criexporter.cri.v1.LinuxContainerResources;
import dev.criexporter.cri.v1.LinuxContainerSecurityContext;
import dev.criexporter.cri.v1.Mount;
import dev.criexporter.cri.v1.NamespaceMode;
import dev.criexporter.cri.v1.NamespaceOption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Turns the exporter container of a rendered DaemonSet into the CRI ContainerConfig kubelet would
 * send for it: arguments, environment, hostPath mounts with their read-only flag and propagation,
 * user, group, supplemental groups, read-only root filesystem, no_new_privs, dropped
 * capabilities, the RuntimeDefault seccomp profile, and the memory limit and CPU shares from the
 * resources.
 *
 * <p>The project's CRI proto carries only the fields the exporter reads, so the security fields it
 * lacks are written as protobuf fields by their numbers in CRI v1 (runtime/v1/api.proto):
 * LinuxContainerSecurityContext.capabilities = 1 (Capability.drop_capabilities = 2),
 * supplemental_groups = 8, seccomp = 15 (SecurityProfile, profile_type RuntimeDefault = 0), and
 * Mount.propagation = 5 (PROPAGATION_PRIVATE = 0, PROPAGATION_HOST_TO_CONTAINER = 1).
 */
final class KubeletTranslation {

  private static final int SECURITY_CAPABILITIES = 1;
  private static final int CAPABILITY_DROP = 2;
  private static final int SECURITY_SUPPLEMENTAL_GROUPS = 8;
  private static final int SECURITY_SECCOMP = 15;
  private static final int MOUNT_PROPAGATION = 5;

  private KubeletTranslation() {
  }

  /**
   * The CRI config of the DaemonSet's only container, with {@code image} as its image, the
   * kubelet labels naming pod and container, and {@code argument} applied to every argument.
   */
  static ContainerConfig containerConfig(Manifests rendered, String image, Map<String, String> podLabels,
                      UnaryOperator<String> argument) {
    K8sObject pod = rendered.only("DaemonSet").at("spec", "template", "spec");
    K8sObject container = pod.at("containers", 0);
    String name = container.string("name");

    ContainerConfig.Builder config = ContainerConfig.newBuilder()
        .setMetadata(ContainerMetadata.newBuilder().setName(name).setAttempt(0))
        .setImage(ImageSpec.newBuilder().setImage(image))
        .setLogPath(name + "/0.log")
        .putAllLabels(podLabels)
        .putLabels("io.kubernetes.container.name", name);
    container.strings("args").stream().map(argument).forEach(config::addArgs);
    if (container.find("command").isPresent()) {
      config.addAllCommand(container.strings("command"));
    }
    container.find("env").ifPresent(env -> {
      for (int i = 0; i < ((List<?>) env).size(); i++) {
        K8sObject variable = container.at("env", i);
        config.addEnvs(KeyValue.newBuilder().setKey(variable.string("name"))
            .setValue(ByteString.copyFromUtf8(variable.string("value"))));
      }
    });

    Map<String, String> hostPaths = new HashMap<>();
    List<Object> volumes = pod.list("volumes");
    for (int i = 0; i < volumes.size(); i++) {
      K8sObject volume = pod.at("volumes", i);
      int index = i;
      volume.find("hostPath", "path").ifPresent(p -> hostPaths.put(pod.string("volumes", index, "name"), String.valueOf(p)));
    }
    List<Object> mounts = container.list("volumeMounts");
    for (int i = 0; i < mounts.size(); i++) {
      K8sObject mount = container.at("volumeMounts", i);
      String hostPath = hostPaths.get(mount.string("name"));
      if (hostPath == null) {
        throw new AssertionError("mount " + mount.string("name") + " is not a hostPath volume; this translation knows only those");
      }
      String propagation = mount.find("mountPropagation").map(String::valueOf).orElse("None");
      int cri = switch (propagation) {
        case "None" -> 0;
        case "HostToContainer" -> 1;
        default -> throw new AssertionError("unexpected mountPropagation " + propagation);
      };
      config.addMounts(Mount.newBuilder()
          .setContainerPath(mount.string("mountPath"))
          .setHostPath(hostPath)
          .setReadonly(Boolean.TRUE.equals(mount.find("readOnly").orElse(false)))
          .setUnknownFields(UnknownFieldSet.newBuilder()
              .addField(MOUNT_PROPAGATION, UnknownFieldSet.Field.newBuilder().addVarint(cri).build())
              .build()));
    }

    config.setLinux(LinuxContainerConfig.newBuilder()
        .setResources(resources(container))
        .setSecurityContext(securityContext(pod, container)));
    return config.build();
  }

  private static LinuxContainerResources resources(K8sObject container) {
    LinuxContainerResources.Builder resources = LinuxContainerResources.newBuilder();
    container.find("resources", "limits", "memory").ifPresent(m -> resources.setMemoryLimitInBytes(bytes(String.valueOf(m))));
    container.find("resources", "requests", "cpu").ifPresent(c -> {
      long milli = milliCpu(String.valueOf(c));
      resources.setCpuShares(Math.max(2, milli * 1024 / 1000));
    });
    return resources.build();
  }

  private static LinuxContainerSecurityContext securityContext(K8sObject pod, K8sObject container) {
    Map<String, Object> podContext = pod.find("securityContext").isPresent() ? pod.map("securityContext") : Map.of();
    Map<String, Object> own = container.find("securityContext").isPresent() ? container.map("securityContext") : Map.of();
    LinuxContainerSecurityContext.Builder sc = LinuxContainerSecurityContext.newBuilder()
        .setNamespaceOptions(NamespaceOption.newBuilder()
            .setNetwork(NamespaceMode.NODE).setPid(NamespaceMode.CONTAINER).setIpc(NamespaceMode.POD));
    Object user = own.getOrDefault("runAsUser", podContext.get("runAsUser"));
    if (user != null) {
      sc.setRunAsUser(Int64Value.newBuilder().setValue(((Number) user).longValue()));
    }
    Object group = own.getOrDefault("runAsGroup", podContext.get("runAsGroup"));
    if (group != null) {
      sc.setRunAsGroup(Int64Value.newBuilder().setValue(((Number) group).longValue()));
    }
    sc.setReadonlyRootfs(Boolean.TRUE.equals(own.get("readOnlyRootFilesystem")));
    sc.setPrivileged(Boolean.TRUE.equals(own.get("privileged")));
    // kubelet: no_new_privs unless privilege escalation is allowed.
    sc.setNoNewPrivs(Boolean.FALSE.equals(own.get("allowPrivilegeEscalation")));

    UnknownFieldSet.Builder extra = UnknownFieldSet.newBuilder();
    Object capabilities = own.get("capabilities");
    if (capabilities instanceof Map<?, ?> caps && caps.get("drop") instanceof List<?> drop) {
      extra.addField(SECURITY_CAPABILITIES, UnknownFieldSet.Field.newBuilder()
          .addLengthDelimited(message(out -> {
            for (Object cap : drop) {
              out.writeString(CAPABILITY_DROP, String.valueOf(cap));
            }
          })).build());
    }
    if (podContext.get("supplementalGroups") instanceof List<?> groups && !groups.isEmpty()) {
      UnknownFieldSet.Field.Builder field = UnknownFieldSet.Field.newBuilder();
      groups.forEach(g -> field.addVarint(((Number) g).longValue()));
      extra.addField(SECURITY_SUPPLEMENTAL_GROUPS, field.build());
    }
    Object seccomp = own.getOrDefault("seccompProfile", podContext.get("seccompProfile"));
    if (seccomp instanceof Map<?, ?> profile) {
      if (!"RuntimeDefault".equals(profile.get("type"))) {
        throw new AssertionError("this translation knows only the RuntimeDefault seccomp profile, not " + profile);
      }
      // A SecurityProfile whose profile_type is RuntimeDefault (0): an empty message.
      extra.addField(SECURITY_SECCOMP, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.EMPTY).build());
    }
    sc.setUnknownFields(extra.build());
    return sc.build();
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static ByteString message(Writer writer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      writer.write(out);
      out.flush();
      return ByteString.copyFrom(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Kubernetes memory quantity (binary or decimal suffixes) in bytes. */
  static long bytes(String quantity) {
    String[][] units = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
      {"k", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"T", "1000000000000"}};
    for (String[] unit : units) {
      if (quantity.endsWith(unit[0])) {
        return Long.parseLong(quantity.substring(0, quantity.length() - unit[0].length())) * Long.parseLong(unit[1]);
      }
    }
    return Long.parseLong(quantity);
  }

  /** A Kubernetes CPU quantity (cores or millicores) in millicores. */
  static long milliCpu(String quantity) {
    if (quantity.endsWith("m")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 1));
    }
    return Math.round(Double.parseDouble(quantity) * 1000);
  }
}
