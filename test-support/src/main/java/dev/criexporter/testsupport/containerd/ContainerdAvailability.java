package dev.criexporter.testsupport.containerd;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether a private containerd can run here, and what a test does when it cannot: on a CI
 * machine ({@code CI=true}) it fails, since a missing runtime there is a broken build machine;
 * elsewhere it is skipped, with the cause and the command that installs what is missing.
 */
final class ContainerdAvailability {

  static final String INSTALL_COMMAND = "apt-get update && apt-get install -y containerd runc busybox-static";

  /** Where runc and the shim are looked for if the inherited PATH lacks them. */
  static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private static final Path PROC_SELF_STATUS = Path.of("/proc/self/status");

  private ContainerdAvailability() {
  }

  /**
   * What is missing for a private containerd, if anything: root privileges, the containerd and
   * ctr binaries, the busybox binary the test image is made of, and runc and the runc shim on
   * {@code searchPath}.
   */
  static List<String> missingPrerequisites(Path containerd, Path ctr, Path busybox, String searchPath,
                       OptionalLong effectiveUid) {
    List<String> missing = new ArrayList<>();
    if (effectiveUid.isEmpty()) {
      missing.add("cannot tell whether this process runs as root (no readable " + PROC_SELF_STATUS + ")");
    } else if (effectiveUid.getAsLong() != 0) {
      missing.add("not running as root (effective uid " + effectiveUid.getAsLong()
          + "): containerd needs root to mount filesystems and create cgroups");
    }
    requireExecutable(containerd, missing);
    requireExecutable(ctr, missing);
    if (!Files.isRegularFile(busybox) || !Files.isReadable(busybox)) {
      missing.add(busybox + " not found or not readable");
    }
    for (String name : List.of("runc", "containerd-shim-runc-v2")) {
      if (findOnPath(name, searchPath).isEmpty()) {
        missing.add(name + " not found on PATH " + searchPath);
      }
    }
    return missing;
  }

  /** The effective uid of this process, from {@code /proc/self/status}. */
  static OptionalLong effectiveUid() {
    try {
      return effectiveUidOf(Files.readString(PROC_SELF_STATUS));
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** Parses the second number of the {@code Uid:} line (real, effective, saved, filesystem). */
  static OptionalLong effectiveUidOf(String procStatus) {
    for (String line : procStatus.split("\n")) {
      if (line.startsWith("Uid:")) {
        String[] ids = line.substring("Uid:".length()).strip().split("\\s+");
        if (ids.length >= 2) {
          return OptionalLong.of(Long.parseLong(ids[1]));
        }
      }
    }
    return OptionalLong.empty();
  }

  /** {@code inherited} with the standard system directories appended where missing. */
  static String searchPath(String inherited) {
    List<String> entries = new ArrayList<>();
    if (inherited != null && !inherited.isBlank()) {
      entries.addAll(List.of(inherited.split(File.pathSeparator)));
    }
    for (String dir : SYSTEM_PATH.split(":")) {
      if (!entries.contains(dir)) {
        entries.add(dir);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  static Optional<Path> findOnPath(String name, String searchPath) {
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static boolean isCi(Map<String, String> environment) {
    return "true".equalsIgnoreCase(environment.getOrDefault("CI", "").strip());
  }

  /**
   * Ends the current test because no private containerd is available: throws an
   * {@link AssertionError} (the test fails) when {@code CI=true}, otherwise aborts it through
   * JUnit's assumptions (the test is reported as skipped).
   */
  static RuntimeException failOrSkip(String reason, Map<String, String> environment) {
    String message = "no private containerd: " + reason + System.lineSeparator()
        + "To run these tests, as root: " + INSTALL_COMMAND;
    if (isCi(environment)) {
      throw new AssertionError(message + System.lineSeparator()
          + "(CI=true: a CI machine must provide containerd, so this fails instead of skipping)");
    }
    Assumptions.abort(message);
    throw new IllegalStateException("Assumptions.abort returned"); // not reached: abort always throws
  }

  private static void requireExecutable(Path binary, List<String> missing) {
    if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
      missing.add(binary + " not found or not executable");
    }
  }
}
