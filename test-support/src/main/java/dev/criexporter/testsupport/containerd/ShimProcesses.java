package dev.criexporter.testsupport.containerd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds and kills the {@code containerd-shim-runc-v2} processes of one containerd instance.
 *
 * <p>A shim outlives the containerd that started it (that is what lets containerd restart), so
 * it is found by its command line, which containerd 1.6 writes as
 * {@code containerd-shim-runc-v2 -namespace k8s.io -id <id> -address <containerd socket>}: the
 * socket path of a private instance is unique to it, so shims of other instances are never touched.
 */
final class ShimProcesses {

  private static final Path PROC = Path.of("/proc");

  private ShimProcesses() {
  }

  /** Live shim processes whose {@code -address} is {@code socket}. */
  static List<ProcessHandle> of(Path socket) {
    List<ProcessHandle> shims = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ShimProcesses::isPidDirectory)) {
      for (Path entry : entries) {
        List<String> argv = commandLine(entry);
        if (isShimOf(argv, socket.toString())) {
          ProcessHandle.of(Long.parseLong(entry.getFileName().toString())).ifPresent(shims::add);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + PROC, e);
    }
    return shims;
  }

  /** Whether {@code argv} is a containerd shim started by the containerd listening on {@code socket}. */
  static boolean isShimOf(List<String> argv, String socket) {
    if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().startsWith("containerd-shim")) {
      return false;
    }
    for (int i = 1; i + 1 < argv.size(); i++) {
      String flag = argv.get(i);
      if ((flag.equals("-address") || flag.equals("--address")) && argv.get(i + 1).equals(socket)) {
        return true;
      }
    }
    return false;
  }

  /**
   * SIGKILLs each shim's descendants (the container processes, which the shim adopts as
   * subreaper) and then the shim, and waits up to {@code timeout} for them to be gone.
   *
   * @return the processes still alive afterwards
   */
  static List<ProcessHandle> killAll(List<ProcessHandle> shims, Duration timeout) {
    List<ProcessHandle> victims = new ArrayList<>();
    for (ProcessHandle shim : shims) {
      shim.descendants().forEach(victims::add);
    }
    victims.addAll(shims);
    victims.forEach(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ProcessHandle> alive = victims;
    while (!alive.isEmpty() && System.nanoTime() < deadline && pause()) {
      alive = alive.stream().filter(victim -> !isGone(victim)).toList();
    }
    return alive.stream().filter(victim -> !isGone(victim)).toList();
  }

  /** Exited, or a zombie waiting for its parent: either way it holds no resources but a PID. */
  static boolean isGone(ProcessHandle process) {
    if (!process.isAlive()) {
      return true;
    }
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(process.pid())).resolve("stat"));
      int endOfName = stat.lastIndexOf(')');
      return endOfName < 0 || endOfName + 2 >= stat.length() || stat.charAt(endOfName + 2) == 'Z';
    } catch (IOException e) {
      return true;
    }
  }

  private static boolean pause() {
    try {
      Thread.sleep(10);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
      return List.of(); // the process exited while we looked
    }
  }
}
