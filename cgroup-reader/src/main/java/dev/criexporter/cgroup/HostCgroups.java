package dev.criexporter.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the host's cgroup hierarchies live: the injected cgroup root, the detected {@link CgroupMode}, the
 * directory of each mounted cgroup v1 controller, and the cgroup v2 hierarchy if there is one.
 *
 * <p>Build it once at start-up with {@link #detect(Path)} (real mounts, uses {@code statfs}) or
 * {@link #of(Path, CgroupMode)} (fixture trees on any file system), then pass it to readers and resolvers.
 *
 * @param root the cgroup root, e.g. {@code /sys/fs/cgroup} or {@code /host/sys/fs/cgroup}
 * @param mode how the hierarchies are mounted
 * @param controllerDirs v1 controller hierarchy roots (empty in {@link CgroupMode#UNIFIED} mode); a controller
 *     that is not mounted has no entry
 * @param unifiedDir the cgroup v2 hierarchy root: {@code root} itself when unified, {@code root/unified} in
 *     hybrid mode, empty in legacy mode
 */
public record HostCgroups(Path root, CgroupMode mode, Map<V1Controller, Path> controllerDirs,
             Optional<Path> unifiedDir) {

  /** The directory name of the cgroup v2 hierarchy in hybrid mode. */
  public static final String UNIFIED_DIR_NAME = "unified";

  public HostCgroups {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(unifiedDir, "unifiedDir");
    EnumMap<V1Controller, Path> dirs = new EnumMap<>(V1Controller.class);
    dirs.putAll(Objects.requireNonNull(controllerDirs, "controllerDirs"));
    controllerDirs = Collections.unmodifiableMap(dirs);
    switch (mode) {
      case UNIFIED -> {
        require(controllerDirs.isEmpty(), "unified mode has no v1 controller directories");
        require(unifiedDir.isPresent(), "unified mode needs the cgroup v2 directory");
      }
      case HYBRID -> {
        require(!controllerDirs.isEmpty(), "hybrid mode needs v1 controller directories");
        require(unifiedDir.isPresent(), "hybrid mode needs the cgroup v2 directory");
      }
      case LEGACY -> {
        require(!controllerDirs.isEmpty(), "legacy mode needs v1 controller directories");
        require(unifiedDir.isEmpty(), "legacy mode has no cgroup v2 directory");
      }
    }
  }

  /**
   * Detects the mode of the real mounts under {@code root} with {@code statfs}: a cgroup2 root is unified; a
   * tmpfs (or other) root holding cgroup v1 controller mounts is hybrid when {@code root/unified} is cgroup2,
   * else legacy. Only directories that really are cgroup v1 mounts count as controllers.
   *
   * @throws CgroupDetectionException if no cgroup hierarchy is found or {@code root} cannot be inspected
   */
  public static HostCgroups detect(Path root) throws CgroupDetectionException {
    FileSystemType rootType = typeOf(root);
    if (rootType == FileSystemType.CGROUP2) {
      return new HostCgroups(root, CgroupMode.UNIFIED, Map.of(), Optional.of(root));
    }
    if (rootType == FileSystemType.CGROUP1) {
      throw new CgroupDetectionException(root + " is itself a cgroup v1 mount; expected the directory holding"
          + " the controller mounts (e.g. /sys/fs/cgroup)");
    }
    Map<V1Controller, Path> v1 = locateControllers(root, true);
    Path unified = root.resolve(UNIFIED_DIR_NAME);
    boolean hasUnified = Files.isDirectory(unified) && typeOf(unified) == FileSystemType.CGROUP2;
    if (!v1.isEmpty()) {
      return hasUnified
          ? new HostCgroups(root, CgroupMode.HYBRID, v1, Optional.of(unified))
          : new HostCgroups(root, CgroupMode.LEGACY, v1, Optional.empty());
    }
    if (hasUnified) {
      return new HostCgroups(root, CgroupMode.UNIFIED, Map.of(), Optional.of(unified));
    }
    throw new CgroupDetectionException("no cgroup hierarchy under " + root + " (file system " + rootType
        + "): neither a cgroup2 mount nor cgroup v1 controller mounts");
  }

  /**
   * Describes {@code root} in the given mode without {@code statfs}, for fixture trees: v1 controller
   * directories are located by name ({@code cpu}, {@code cpuacct}, or co-mounted {@code cpu,cpuacct}, ...).
   *
   * @throws IllegalArgumentException if {@code root} lacks what {@code mode} needs
   */
  public static HostCgroups of(Path root, CgroupMode mode) {
    require(Files.isDirectory(root), root + " is not a directory");
    return switch (mode) {
      case UNIFIED -> new HostCgroups(root, mode, Map.of(), Optional.of(root));
      case HYBRID -> {
        Path unified = root.resolve(UNIFIED_DIR_NAME);
        require(Files.isDirectory(unified), "hybrid mode needs " + unified);
        yield new HostCgroups(root, mode, locateUnchecked(root), Optional.of(unified));
      }
      case LEGACY -> new HostCgroups(root, mode, locateUnchecked(root), Optional.empty());
    };
  }

  /** The hierarchy root of a v1 controller, if mounted (always empty in unified mode). */
  public Optional<Path> controllerDir(V1Controller controller) {
    return Optional.ofNullable(controllerDirs.get(controller));
  }

  /**
   * The hierarchy in which container cgroups are looked up and whose disappearance means a cgroup is gone:
   * the cgroup v2 root in unified mode, else the memory controller's hierarchy (or, without one, the first
   * mounted of cpuacct, cpu, pids, blkio).
   */
  public Path primaryDir() {
    if (mode == CgroupMode.UNIFIED) {
      return unifiedDir.orElseThrow();
    }
    for (V1Controller c : List.of(V1Controller.MEMORY, V1Controller.CPUACCT, V1Controller.CPU,
        V1Controller.PIDS, V1Controller.BLKIO)) {
      Path dir = controllerDirs.get(c);
      if (dir != null) {
        return dir;
      }
    }
    throw new IllegalStateException("no v1 controller directory");
  }

  private static Map<V1Controller, Path> locateUnchecked(Path root) {
    try {
      return locateControllers(root, false);
    } catch (CgroupDetectionException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Maps each controller to {@code root/<name>} when that directory exists (a symlink to a co-mounted
   * directory is fine), else to the first directory, in name order, whose comma-separated name lists it.
   */
  private static Map<V1Controller, Path> locateControllers(Path root, boolean requireCgroupMount)
      throws CgroupDetectionException {
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry)
            && (!requireCgroupMount || typeOf(entry) == FileSystemType.CGROUP1)) {
          candidates.add(entry);
        }
      }
    } catch (IOException e) {
      throw new CgroupDetectionException("cannot list " + root + ": " + e, e);
    }
    candidates.sort(null);
    Map<V1Controller, Path> found = new EnumMap<>(V1Controller.class);
    for (V1Controller controller : V1Controller.values()) {
      Path exact = null;
      Path coMounted = null;
      for (Path candidate : candidates) {
        String name = candidate.getFileName().toString();
        if (name.equals(controller.kernelName())) {
          exact = candidate;
          break;
        }
        if (coMounted == null && listsController(name, controller.kernelName())) {
          coMounted = candidate;
        }
      }
      Path dir = exact != null ? exact : coMounted;
      if (dir != null) {
        found.put(controller, dir);
      }
    }
    return found;
  }

  private static boolean listsController(String dirName, String controller) {
    int start = 0;
    while (start <= dirName.length()) {
      int comma = dirName.indexOf(',', start);
      int end = comma < 0 ? dirName.length() : comma;
      if (dirName.regionMatches(start, controller, 0, controller.length())
          && end - start == controller.length()) {
        return true;
      }
      if (comma < 0) {
        return false;
      }
      start = comma + 1;
    }
    return false;
  }

  private static FileSystemType typeOf(Path path) throws CgroupDetectionException {
    try {
      return StatFs.typeOf(path);
    } catch (IOException e) {
      throw new CgroupDetectionException("cannot inspect " + path + ": " + e.getMessage(), e);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
