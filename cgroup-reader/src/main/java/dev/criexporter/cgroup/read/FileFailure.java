package dev.criexporter.cgroup.read;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file that could not be used; the other files of the same read still count.
 *
 * @param fileName the interface file, e.g. {@code memory.stat}
 * @param path the full path that was read
 * @param reason the kind of failure, for counting
 * @param detail a human-readable explanation
 */
public record FileFailure(String fileName, Path path, FailureReason reason, String detail) {

  public FileFailure {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
