package dev.criexporter.cgroup.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads small files into one reused, growing buffer. The returned text is valid until the next call. Not
 * thread-safe: use one instance per thread.
 */
final class FileTextReader implements TextSource {

  static final int INITIAL_CAPACITY = 8 * 1024;
  /** cgroup files are small; anything bigger is not one. */
  static final int MAX_CAPACITY = 4 * 1024 * 1024;

  private byte[] buffer;
  private ByteBuffer view;
  private final AsciiText text = new AsciiText();

  FileTextReader() {
    this(INITIAL_CAPACITY);
  }

  FileTextReader(int initialCapacity) {
    buffer = new byte[initialCapacity];
    view = ByteBuffer.wrap(buffer);
  }

  /**
   * The whole content of {@code file}.
   *
   * @throws IOException as thrown by the file system, or if the file exceeds {@link #MAX_CAPACITY}
   */
  @Override
  public CharSequence read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      view.clear();
      while (true) {
        if (!view.hasRemaining()) {
          grow(file);
        }
        if (channel.read(view) < 0) {
          break;
        }
      }
    }
    text.reset(buffer, view.position());
    return text;
  }

  int capacity() {
    return buffer.length;
  }

  private void grow(Path file) throws IOException {
    if (buffer.length >= MAX_CAPACITY) {
      throw new IOException(file + " is larger than " + MAX_CAPACITY + " bytes");
    }
    byte[] bigger = new byte[Math.min(buffer.length * 2, MAX_CAPACITY)];
    int used = view.position();
    System.arraycopy(buffer, 0, bigger, 0, used);
    buffer = bigger;
    view = ByteBuffer.wrap(buffer);
    view.position(used);
  }
}
