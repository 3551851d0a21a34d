package dev.criexporter.testsupport.containerd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod cgroups ({@code /kubepods[/<qos>]/pod<uid>}) that one private containerd's pods used,
 * and their removal from every mounted hierarchy.
 *
 * <p>runc removes a container's own cgroup when the container is deleted, but the pod level
 * belongs to kubelet, which a test does not have: these directories stay until removed here.
 * If containerd or a shim was killed, container directories and even processes may remain too;
 * removal therefore SIGKILLs whatever is still inside a pod cgroup before removing its
 * directories, deepest first. Only paths of kubelet's cgroupfs form are accepted, so nothing
 * outside a test pod (whose uid is random) can be touched.
 *
 * <p>The shared ancestors ({@code kubepods}, {@code kubepods/burstable}, ...) are removed only if
 * they did not exist when this instance first used them, and only if they are empty by then.
 */
final class PodCgroups {

  private static final Logger LOG = LoggerFactory.getLogger(PodCgroups.class);
  private static final Pattern POD_CGROUP =
      Pattern.compile("/kubepods(/burstable|/besteffort)?/pod[0-9A-Za-z_-]+");
  private static final long RETRY_PAUSE_MILLIS = 50;

  private final List<Path> hierarchies;
  private final Set<String> podCgroups = new LinkedHashSet<>();
  private final Set<Path> ancestorsCreatedHere = new LinkedHashSet<>();

  PodCgroups(List<Path> hierarchies) {
    this.hierarchies = List.copyOf(hierarchies);
  }

  /** Whether {@code cgroupPath} has the form kubelet gives pod cgroups with the cgroupfs driver. */
  static boolean isPodCgroup(String cgroupPath) {
    return POD_CGROUP.matcher(cgroupPath).matches();
  }

  /**
   * Remembers a pod cgroup for removal. Call it before the pod is created, so that ancestors
   * which do not exist yet are known to be this instance's.
   *
   * @throws IllegalArgumentException if the path is not of the form {@code /kubepods[/<qos>]/pod<uid>}
   */
  synchronized void track(String podCgroup) {
    if (!isPodCgroup(podCgroup)) {
      throw new IllegalArgumentException("not a pod cgroup of the form /kubepods[/burstable|/besteffort]/pod<uid>: "
          + podCgroup);
    }
    if (!podCgroups.add(podCgroup)) {
      return;
    }
    Path relative = relative(podCgroup);
    for (Path hierarchy : hierarchies) {
      for (Path ancestor = relative.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
        Path dir = hierarchy.resolve(ancestor);
        if (!Files.isDirectory(dir)) {
          ancestorsCreatedHere.add(dir);
        }
      }
    }
  }

  synchronized Set<String> tracked() {
    return Set.copyOf(podCgroups);
  }

  /** Directories of tracked pod cgroups that exist now, in any hierarchy. */
  synchronized List<Path> existingDirectories() {
    List<Path> existing = new ArrayList<>();
    for (String podCgroup : podCgroups) {
      for (Path hierarchy : hierarchies) {
        Path dir = hierarchy.resolve(relative(podCgroup));
        if (Files.isDirectory(dir)) {
          existing.add(dir);
        }
      }
    }
    return existing;
  }

  /**
   * Kills what is left inside the tracked pod cgroups and removes their directories, then the
   * ancestors created here if they are empty.
   *
   * @return one message per directory that could not be removed within {@code timeout}
   */
  synchronized List<String> removeAll(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<Path, String> failures = new LinkedHashMap<>();
    for (Path podDir : existingDirectories()) {
      failures.putAll(removeTree(podDir, deadline));
    }
    ancestorsCreatedHere.stream()
        .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
        .forEach(PodCgroups::removeIfEmpty);
    List<String> problems = new ArrayList<>();
    failures.forEach((dir, reason) -> problems.add("cgroup " + dir + " not removed: " + reason));
    return problems;
  }

  private static Map<Path, String> removeTree(Path root, long deadline) {
    while (true) {
      Map<Path, String> failures = new LinkedHashMap<>();
      for (Path dir : directoriesDeepestFirst(root)) {
        killMembers(dir);
        try {
          Files.deleteIfExists(dir);
        } catch (IOException e) {
          failures.put(dir, e.toString());
        }
      }
      // killed processes take a moment to leave their cgroup
      if (failures.isEmpty() || System.nanoTime() > deadline || !pause()) {
        return failures;
      }
    }
  }

  private static List<Path> directoriesDeepestFirst(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isDirectory)
          .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
          .toList();
    } catch (IOException | UncheckedIOException e) {
      // a directory vanished during the walk (runc removing a container): list the root only
      return List.of(root);
    }
  }

  private static void killMembers(Path cgroupDir) {
    List<String> pids;
    try {
      pids = Files.readAllLines(cgroupDir.resolve("cgroup.procs"));
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      LOG.debug("cannot read {}/cgroup.procs: {}", cgroupDir, e.toString());
      return;
    }
    long self = ProcessHandle.current().pid();
    for (String line : pids) {
      if (line.isBlank()) {
        continue;
      }
      long pid = Long.parseLong(line.strip());
      if (pid != self) {
        ProcessHandle.of(pid).ifPresent(process -> {
          LOG.warn("killing leftover process {} in {}", pid, cgroupDir);
          process.destroyForcibly();
        });
      }
    }
  }

  private static void removeIfEmpty(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (DirectoryNotEmptyException e) {
      LOG.debug("{} is still in use, left in place", dir);
    } catch (IOException e) {
      LOG.debug("{} left in place: {}", dir, e.toString());
    }
  }

  private static Path relative(String cgroupPath) {
    return Path.of(cgroupPath.substring(1));
  }

  /** Sleeps briefly; false if interrupted (the flag is kept set). */
  private static boolean pause() {
    try {
      Thread.sleep(RETRY_PAUSE_MILLIS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
