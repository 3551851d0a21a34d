package dev.criexporter.testsupport.tryit;

import dev.criexporter.testsupport.containerd.PrivateContainerd;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code try-it --down}, and cleaning up after a try-it that was killed before it could do so
 * itself, from its state file and the state directory's layout alone.
 */
final class Teardown {

  /** How long {@code --down} waits for a running try-it to finish its own cleanup. */
  static final Duration OWNER_EXIT_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration PROCESS_GRACE = Duration.ofSeconds(10);

  private Teardown() {
  }

  /** Stops the try-it of {@code options.stateDir()}, or cleans up after it; returns the exit code. */
  static int down(TryItOptions options, PrintStream out) {
    long started = System.nanoTime();
    Path stateDir = options.stateDir();
    Path stateFile = stateDir.resolve(TryItState.FILE_NAME);
    Optional<TryItState> state;
    try {
      state = TryItState.readFrom(stateFile);
    } catch (IllegalArgumentException e) {
      out.println("try-it --down: " + e.getMessage());
      out.println("  fix: if nothing of try-it runs any more, check that nothing is mounted under " + stateDir
          + " (grep " + stateDir + " /proc/mounts) and remove it");
      return 1;
    }
    if (state.isEmpty()) {
      out.println("try-it is not running: no " + stateFile + (Files.exists(stateDir) ? "" : " (no " + stateDir + ")"));
      return 0;
    }
    TryItState found = state.get();
    Optional<ProcessHandle> owner = found.owner().process();
    if (owner.isPresent()) {
      StepReporter steps = new StepReporter(out, 1);
      try {
        steps.run("stopping try-it (pid " + owner.get().pid() + "); it removes everything it started",
            "run scripts/try-it.sh --down again: it then cleans up by force", () -> {
              owner.get().destroy();
              if (!RunProcesses.awaitExit(owner.get(), OWNER_EXIT_TIMEOUT)) {
                owner.get().destroyForcibly();
                RunProcesses.awaitExit(owner.get(), Duration.ofSeconds(5));
                throw new StepFailure("try-it did not finish within " + OWNER_EXIT_TIMEOUT.toSeconds()
                    + " s and was killed; cleaning up what it left", "");
              }
            });
      } catch (StepFailure e) {
        // what it left is cleaned up below
      }
    }
    List<String> problems = new ArrayList<>();
    Optional<TryItState> left = TryItState.readFrom(stateFile);
    if (left.isPresent()) {
      if (owner.isEmpty()) {
        out.println("try-it (pid " + found.owner().pid() + ") is not running any more; cleaning up what it left:");
      }
      problems.addAll(cleanUpLeftovers(stateDir, left.get(), out));
    }
    problems.addAll(remains(stateDir, found));
    if (problems.isEmpty()) {
      out.println("try-it is down (" + StepReporter.seconds(Duration.ofNanos(System.nanoTime() - started))
          + "); nothing left behind.");
      return 0;
    }
    out.println("try-it is down, but some things are left behind:");
    problems.forEach(problem -> out.println("  " + problem));
    out.println("  fix: run scripts/try-it.sh --down again; if they stay, the lines above name them");
    return 1;
  }

  /**
   * Stops what a try-it that is gone left running and removes what it left behind: the exporter,
   * Prometheus and containerd processes (found by their command lines), the shims and containers,
   * pod cgroups, mounts, and the state directory.
   *
   * @return what could not be cleaned up
   */
  static List<String> cleanUpLeftovers(Path stateDir, TryItState state, PrintStream out) {
    List<String> problems = new ArrayList<>();
    List<RunProcesses.RunProcess> processes = RunProcesses.of(stateDir);
    for (RunProcesses.Kind kind : List.of(RunProcesses.Kind.EXPORTER, RunProcesses.Kind.PROMETHEUS,
        RunProcesses.Kind.CONTAINERD)) {
      for (RunProcesses.RunProcess process : processes) {
        if (process.kind() == kind) {
          out.println("  stopping " + process);
          if (!RunProcesses.stop(process.handle(), PROCESS_GRACE)) {
            problems.add(process + " survived SIGKILL");
          }
        }
      }
    }
    Path containerdDir = state.path(TryItState.CONTAINERD_DIR).orElse(stateDir.resolve("containerd"));
    if (Files.exists(containerdDir)) {
      out.println("  removing containers, pod cgroups and mounts of " + containerdDir);
      problems.addAll(PrivateContainerd.cleanUpAbandoned(containerdDir, state.list(TryItState.POD_CGROUPS)));
    }
    removeCgroupAncestors(state.list(TryItState.CREATED_CGROUP_ANCESTORS));
    out.println("  removing " + stateDir);
    problems.addAll(deleteStateDir(stateDir));
    return problems;
  }

  /**
   * What of the run is still there: its processes, the owner, mounts under the state
   * directory, its pods' cgroup directories, the state directory itself.
   */
  static List<String> remains(Path stateDir, TryItState state) {
    List<String> remains = new ArrayList<>();
    state.owner().process().ifPresent(p -> remains.add("try-it itself (pid " + p.pid() + ") still runs"));
    RunProcesses.of(stateDir).forEach(p -> remains.add(p + " still runs"));
    HostState.mountPointsUnder(stateDir).forEach(m -> remains.add("still mounted: " + m));
    for (String podCgroup : state.list(TryItState.POD_CGROUPS)) {
      HostState.existingCgroupDirs(podCgroup).forEach(dir -> remains.add("cgroup still there: " + dir));
    }
    if (Files.exists(stateDir)) {
      remains.add("directory still there: " + stateDir);
    }
    return remains;
  }

  /** Removes the cgroup directories this run created above its pods ({@code /kubepods/...}), if empty, deepest first. */
  static void removeCgroupAncestors(List<String> ancestors) {
    ancestors.stream()
        .sorted(Comparator.comparingInt((String a) -> a.split("/").length).reversed())
        .flatMap(a -> HostState.existingCgroupDirs(a).stream())
        .forEach(dir -> {
          try {
            Files.deleteIfExists(dir);
          } catch (DirectoryNotEmptyException e) {
            // in use by others now: theirs to remove
          } catch (IOException e) {
            // left in place; an empty cgroup directory is harmless
          }
        });
  }

  /**
   * Deletes the state directory, the state file last, so that a failed deletion leaves it for
   * the next {@code --down}. Nothing is deleted while anything is mounted below it: deleting
   * through a mount would delete what is mounted.
   *
   * @return what could not be deleted
   */
  static List<String> deleteStateDir(Path stateDir) {
    if (!Files.exists(stateDir)) {
      return List.of();
    }
    List<Path> mounts = HostState.mountPointsUnder(stateDir);
    if (!mounts.isEmpty()) {
      return mounts.stream().map(m -> "still mounted, so " + stateDir + " was kept: " + m).toList();
    }
    Path stateFile = stateDir.resolve(TryItState.FILE_NAME);
    List<String> problems = new ArrayList<>();
    try {
      Files.walkFileTree(stateDir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          if (!file.equals(stateFile)) {
            Files.deleteIfExists(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null && !(e instanceof NoSuchFileException)) {
            throw e;
          }
          if (!dir.equals(stateDir)) {
            Files.deleteIfExists(dir);
          }
          return FileVisitResult.CONTINUE;
        }
      });
      Files.deleteIfExists(stateFile);
      Files.deleteIfExists(stateDir);
    } catch (IOException e) {
      problems.add("cannot delete " + stateDir + ": " + e);
    }
    return problems;
  }
}
