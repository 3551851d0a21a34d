package dev.criexporter.testsupport.containerd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/** Creating and deleting a private containerd's work directory. */
final class WorkDirectory {

  private WorkDirectory() {
  }

  /**
   * Creates {@code workDir} if needed and returns its real path.
   *
   * @throws IllegalArgumentException if it exists and is not empty: old state in it would be
   *                                  picked up by containerd, and it is deleted on close
   */
  static Path prepare(Path workDir) {
    try {
      Files.createDirectories(workDir);
      try (Stream<Path> entries = Files.list(workDir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("work directory " + workDir + " is not empty; a private"
              + " containerd needs a directory of its own (it deletes it on close)");
        }
      }
      return workDir.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create work directory " + workDir, e);
    }
  }

  /** Deletes {@code root} and everything below it; files vanishing meanwhile are fine. */
  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
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
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
