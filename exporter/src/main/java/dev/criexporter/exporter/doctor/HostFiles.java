package dev.criexporter.exporter.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read-only access to the host's files under the host root. Files are only ever opened for
 * reading; nothing here can create, change or delete anything. Every failure becomes a
 * {@link FileText} that says why, never an exception.
 */
public final class HostFiles {

  /** The most read from one file; configuration and kernel files are far smaller. */
  static final int MAX_BYTES = 1 << 20;

  private final DoctorPaths paths;

  public HostFiles(DoctorPaths paths) {
    this.paths = paths;
  }

  public DoctorPaths paths() {
    return paths;
  }

  /**
   * A host file by its absolute path on the host ({@code /var/lib/kubelet/config.yaml}), read
   * under the host root only.
   */
  public FileText host(String hostPath) {
    return read(underHost(hostPath), false);
  }

  /**
   * A kernel interface file ({@code /proc/...}, {@code /sys/...}): the host root's, or, when the
   * host root does not have it (only part of the host is mounted into the pod), this process's
   * own. Kernel-wide files say the same in both.
   */
  public FileText kernel(String hostPath) {
    FileText host = host(hostPath);
    if (host.missing() && !paths.hostIsProcessRoot()) {
      FileText own = read(paths.processRoot().resolve(relative(hostPath)), true);
      if (!own.missing()) {
        return own;
      }
    }
    return host;
  }

  /** Any file by its real path (cgroup files below {@code --path.cgroup}). */
  public FileText at(Path path) {
    return read(path, false);
  }

  /** Whether a host directory is visible, under the host root or (for /proc, /sys) our own. */
  public boolean kernelDirectoryVisible(String hostPath) {
    return Files.isDirectory(underHost(hostPath))
        || Files.isDirectory(paths.processRoot().resolve(relative(hostPath)));
  }

  /** Whether {@code path} is a directory. */
  public boolean isDirectory(Path path) {
    return Files.isDirectory(path);
  }

  /** The names in a directory, sorted; empty when it cannot be listed. */
  public List<String> list(Path dir) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path e : entries) {
        names.add(e.getFileName().toString());
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    names.sort(null);
    return names;
  }

  /** The names of the sub-directories of a directory, sorted. */
  public List<String> subdirectories(Path dir) {
    return list(dir).stream().filter(n -> Files.isDirectory(dir.resolve(n))).toList();
  }

  /** The target of a symbolic link ({@code /proc/self/ns/net}), if it can be read. */
  public Optional<String> link(Path path) {
    try {
      return Optional.of(Files.readSymbolicLink(path).toString());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** {@code hostPath} placed under the host root. */
  public Path underHost(String hostPath) {
    return paths.hostRoot().resolve(relative(hostPath));
  }

  private static String relative(String hostPath) {
    int i = 0;
    while (i < hostPath.length() && hostPath.charAt(i) == '/') {
      i++;
    }
    return hostPath.substring(i);
  }

  private FileText read(Path path, boolean ownView) {
    String shown = ownView ? "/" + paths.processRoot().relativize(path) : paths.shown(path);
    if (Files.isDirectory(path)) {
      return FileText.failed(shown, "is a directory", ownView);
    }
    try (InputStream in = Files.newInputStream(path, StandardOpenOption.READ)) {
      byte[] bytes = in.readNBytes(MAX_BYTES);
      return FileText.read(shown, new String(bytes, StandardCharsets.UTF_8), ownView);
    } catch (NoSuchFileException e) {
      return FileText.failed(shown, FileText.MISSING, ownView);
    } catch (AccessDeniedException e) {
      return FileText.failed(shown, "permission denied", ownView);
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      int colon = why.lastIndexOf(": ");
      // "/proc/pressure/cpu: Operation not supported" -> "Operation not supported"
      return FileText.failed(shown, colon >= 0 ? why.substring(colon + 2) : why, ownView);
    }
  }
}
