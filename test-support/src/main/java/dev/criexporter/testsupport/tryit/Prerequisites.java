package dev.criexporter.testsupport.tryit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What try-it needs before it starts anything, each missing piece reported with the command
 * that provides it.
 */
final class Prerequisites {

  static final String PACKAGES = "containerd runc busybox-static prometheus";
  static final String INSTALL = "apt-get install -y " + PACKAGES + " (scripts/try-it.sh installs them)";
  static final String BUILD = "mvn -B -q package -DskipTests (scripts/try-it.sh builds what is missing)";

  private static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** One missing piece and its fix. */
  record Missing(String what, String fix) {
  }

  private Prerequisites() {
  }

  static List<Missing> check(TryItOptions options) {
    return check(options, effectiveUid(), System.getProperty("os.name", ""), System.getenv("PATH"));
  }

  static List<Missing> check(TryItOptions options, OptionalLong uid, String osName, String path) {
    List<Missing> missing = new ArrayList<>();
    if (!osName.equals("Linux")) {
      missing.add(new Missing("this is " + osName + ", not Linux: containers need Linux cgroups and namespaces",
          "use a Linux machine or VM, or try the exporter on a simulated node: "
              + "java -jar exporter/target/cri-exporter.jar --demo=true"));
      return missing;
    }
    if (uid.isEmpty() || uid.getAsLong() != 0) {
      missing.add(new Missing("not running as root"
          + (uid.isPresent() ? " (uid " + uid.getAsLong() + ")" : "")
          + ": containerd needs root to create cgroups, mounts and namespaces",
          "run it as root: sudo scripts/try-it.sh"));
    }
    String searchPath = searchPath(path);
    List<String> tools = new ArrayList<>();
    for (Path binary : List.of(Path.of("/usr/bin/containerd"), Path.of("/usr/bin/ctr"))) {
      if (!isExecutable(binary)) {
        tools.add(binary.toString());
      }
    }
    for (String name : List.of("containerd-shim-runc-v2", "runc", "prometheus")) {
      if (find(name, searchPath).isEmpty()) {
        tools.add(name);
      }
    }
    if (!Files.isReadable(Path.of("/bin/busybox"))) {
      tools.add("/bin/busybox");
    }
    if (!tools.isEmpty()) {
      missing.add(new Missing("missing: " + String.join(", ", tools), INSTALL));
    }
    if (!Files.isRegularFile(options.exporterJar())) {
      missing.add(new Missing("no exporter jar at " + options.exporterJar(), BUILD));
    }
    if (!Files.isRegularFile(options.rulesFile())) {
      missing.add(new Missing("no alert rules at " + options.rulesFile(),
          "run try-it from the cri-exporter checkout, or pass --project-dir or --rules"));
    }
    return missing;
  }

  static Optional<Path> find(String name, String searchPath) {
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (!dir.isEmpty() && isExecutable(Path.of(dir, name))) {
        return Optional.of(Path.of(dir, name));
      }
    }
    return Optional.empty();
  }

  static String searchPath(String inherited) {
    return (inherited == null || inherited.isBlank() ? "" : inherited + File.pathSeparator) + SYSTEM_PATH;
  }

  /** The effective uid, from {@code /proc/self/status}. */
  static OptionalLong effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          String[] ids = line.substring(4).strip().split("\\s+");
          return ids.length >= 2 ? OptionalLong.of(Long.parseLong(ids[1])) : OptionalLong.empty();
        }
      }
    } catch (IOException | NumberFormatException e) {
      // unknown: reported as not root
    }
    return OptionalLong.empty();
  }

  private static boolean isExecutable(Path path) {
    return Files.isRegularFile(path) && Files.isExecutable(path);
  }
}
