package dev.criexporter.testsupport.containerd;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task bundles of a containerd state directory
 * ({@code <state>/io.containerd.runtime.v2.task/<namespace>/<id>/}): for each task, the cgroup
 * its OCI spec asked for and the socket its shim listens on.
 *
 * <p>These files exist for as long as the task does, whether or not containerd is running, so
 * they tell what to clean up even after containerd was killed.
 */
final class TaskBundles {

  private static final Logger LOG = LoggerFactory.getLogger(TaskBundles.class);
  private static final String SHIM_SOCKET_DIR = "/run/containerd/s/";

  /** One task: its id, {@code linux.cgroupsPath} from {@code config.json}, and its shim's socket. */
  record Bundle(String id, Optional<String> cgroupsPath, Optional<Path> shimSocket) {

    /** The pod-level cgroup: the parent of the task's own cgroup. */
    Optional<String> parentCgroup() {
      return cgroupsPath.map(path -> {
        int slash = path.lastIndexOf('/');
        return slash > 0 ? path.substring(0, slash) : "/";
      });
    }
  }

  private TaskBundles() {
  }

  static List<Bundle> scan(Path stateDir) {
    Path tasks = stateDir.resolve("io.containerd.runtime.v2.task");
    if (!Files.isDirectory(tasks)) {
      return List.of();
    }
    List<Bundle> bundles = new ArrayList<>();
    try (Stream<Path> namespaces = Files.list(tasks)) {
      for (Path namespace : namespaces.filter(Files::isDirectory).toList()) {
        try (Stream<Path> ids = Files.list(namespace)) {
          for (Path bundleDir : ids.filter(Files::isDirectory).toList()) {
            bundles.add(read(bundleDir));
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list task bundles under {}: {}", tasks, e.toString());
    }
    return bundles;
  }

  private static Bundle read(Path bundleDir) {
    return new Bundle(bundleDir.getFileName().toString(), cgroupsPath(bundleDir.resolve("config.json")),
        shimSocket(bundleDir.resolve("address")));
  }

  static Optional<String> cgroupsPath(Path configJson) {
    try {
      return cgroupsPathOf(Files.readString(configJson));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Optional<String> cgroupsPathOf(String ociSpecJson) {
    try {
      Struct.Builder spec = Struct.newBuilder();
      JsonFormat.parser().merge(ociSpecJson, spec);
      Value linux = spec.getFieldsOrDefault("linux", Value.getDefaultInstance());
      Value path = linux.getStructValue().getFieldsOrDefault("cgroupsPath", Value.getDefaultInstance());
      return path.hasStringValue() ? Optional.of(path.getStringValue()) : Optional.empty();
    } catch (InvalidProtocolBufferException e) {
      LOG.debug("unreadable OCI spec: {}", e.toString());
      return Optional.empty();
    }
  }

  /** The shim socket named in an {@code address} file, if it is one of containerd's shim sockets. */
  static Optional<Path> shimSocket(Path addressFile) {
    try {
      return shimSocketOf(Files.readString(addressFile));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Optional<Path> shimSocketOf(String address) {
    String path = address.strip();
    if (path.startsWith("unix://")) {
      path = path.substring("unix://".length());
    }
    if (!path.startsWith(SHIM_SOCKET_DIR) || path.contains("..")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(path));
  }
}
