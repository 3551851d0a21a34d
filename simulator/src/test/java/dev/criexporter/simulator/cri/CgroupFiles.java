package dev.criexporter.simulator.cri;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads cgroup files back with plain Java, the way an independent reader would. */
final class CgroupFiles {

  private CgroupFiles() {
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long number(Path file) {
    return Long.parseLong(read(file).trim());
  }

  /** The value of {@code key} in a flat-keyed file such as cpu.stat or memory.stat. */
  static long key(Path file, String key) {
    for (String line : read(file).split("\n")) {
      if (line.startsWith(key + " ")) {
        return Long.parseLong(line.substring(key.length() + 1));
      }
    }
    throw new AssertionError("no " + key + " in " + file);
  }
}
