package dev.criexporter.testsupport.containerd;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The last lines of a log file, for error messages. */
final class LogTail {

  private static final int MAX_BYTES = 16 * 1024;

  private LogTail() {
  }

  /** Up to {@code maxLines} last lines of {@code file} (reading at most 16 KiB), or a note why there are none. */
  static String of(Path file, int maxLines) {
    if (!Files.exists(file)) {
      return "(no log file " + file + ")";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      int size = (int) Math.min(length, MAX_BYTES);
      byte[] bytes = new byte[size];
      raf.seek(length - size);
      raf.readFully(bytes);
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
      int from = Math.max(lines.length - maxLines, size < length ? 1 : 0); // skip a cut first line
      StringBuilder tail = new StringBuilder();
      for (int i = from; i < lines.length; i++) {
        tail.append(lines[i]).append('\n');
      }
      return tail.length() == 0 ? "(log file " + file + " is empty)" : tail.toString();
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
