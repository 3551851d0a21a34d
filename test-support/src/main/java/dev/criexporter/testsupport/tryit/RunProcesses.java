package dev.criexporter.testsupport.tryit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The processes a try-it run started, found by their command lines: each of them names a file
 * under the run's state directory (containerd its config, a shim containerd's socket,
 * Prometheus its config, the exporter the CRI socket). The container processes under the shims
 * name nothing; they are found through the shims and the pod cgroups instead.
 */
final class RunProcesses {

  private static final Path PROC = Path.of("/proc");

  enum Kind {
    CONTAINERD("containerd"), SHIM("containerd shim"), PROMETHEUS("Prometheus"), EXPORTER("exporter");

    private final String title;

    Kind(String title) {
      this.title = title;
    }

    String title() {
      return title;
    }
  }

  /** A live process of the run. */
  record RunProcess(ProcessHandle handle, Kind kind, List<String> argv) {

    long pid() {
      return handle.pid();
    }

    @Override
    public String toString() {
      return kind.title() + " (pid " + handle.pid() + ")";
    }
  }

  private RunProcesses() {
  }

  /** The live processes of the run whose state directory is {@code stateDir}. */
  static List<RunProcess> of(Path stateDir) {
    List<RunProcess> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, RunProcesses::isPidDirectory)) {
      for (Path entry : entries) {
        List<String> argv = commandLine(entry);
        Optional<Kind> kind = classify(argv, stateDir);
        if (kind.isPresent()) {
          ProcessHandle.of(Long.parseLong(entry.getFileName().toString()))
              .ifPresent(handle -> found.add(new RunProcess(handle, kind.get(), argv)));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + PROC, e);
    }
    return found;
  }

  /** What {@code argv} is, if it is a process of the run in {@code stateDir}. */
  static Optional<Kind> classify(List<String> argv, Path stateDir) {
    if (argv.isEmpty()) {
      return Optional.empty();
    }
    String inRun = stateDir.toAbsolutePath().normalize() + "/";
    boolean mentionsRun = argv.stream().skip(1).anyMatch(arg -> arg.contains(inRun));
    if (!mentionsRun) {
      return Optional.empty();
    }
    String program = Path.of(argv.get(0)).getFileName().toString();
    if (program.equals("containerd")) {
      return Optional.of(Kind.CONTAINERD);
    }
    if (program.startsWith("containerd-shim")) {
      return Optional.of(Kind.SHIM);
    }
    if (program.equals("prometheus")) {
      return Optional.of(Kind.PROMETHEUS);
    }
    if (program.equals("java") && argv.stream().anyMatch(arg -> arg.startsWith("--cri.endpoint=unix://" + inRun))) {
      return Optional.of(Kind.EXPORTER);
    }
    return Optional.empty();
  }

  /** SIGTERM, then SIGKILL after {@code grace}; true if the process is gone in the end. */
  static boolean stop(ProcessHandle process, Duration grace) {
    if (!process.isAlive()) {
      return true;
    }
    process.destroy();
    if (awaitExit(process, grace)) {
      return true;
    }
    process.destroyForcibly();
    return awaitExit(process, Duration.ofSeconds(5));
  }

  static boolean awaitExit(ProcessHandle process, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (isRunning(process)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !isRunning(process);
      }
    }
    return true;
  }

  /** Alive and not a zombie waiting to be reaped by its parent. */
  static boolean isRunning(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(process.pid())).resolve("stat"));
      int endOfName = stat.lastIndexOf(')');
      return endOfName < 0 || endOfName + 2 >= stat.length() || stat.charAt(endOfName + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isPidDirectory(Path entry) {
    String name = entry.getFileName().toString();
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }

  private static List<String> commandLine(Path procEntry) {
    try {
      byte[] raw = Files.readAllBytes(procEntry.resolve("cmdline"));
      if (raw.length == 0) {
        return List.of();
      }
      String text = new String(raw, StandardCharsets.UTF_8);
      if (text.endsWith("\0")) {
        text = text.substring(0, text.length() - 1);
      }
      return Arrays.asList(text.split("\0", -1));
    } catch (IOException e) {
      return List.of(); // it exited while we looked
    }
  }
}
