package dev.criexporter.testsupport.containerd;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a POSIX ustar archive: directories, regular files and symbolic links, owned by
 * root, with a fixed modification time so that the same entries always give the same bytes
 * (and therefore the same digests).
 *
 * <p>Only what an image layer needs: names up to 100 bytes (no prefix field, no PAX headers).
 */
final class TarWriter implements AutoCloseable {

  private static final int BLOCK = 512;
  private static final int NAME_LENGTH = 100;
  private static final byte TYPE_FILE = '0';
  private static final byte TYPE_SYMLINK = '2';
  private static final byte TYPE_DIRECTORY = '5';

  private final OutputStream out;
  private final long modificationTimeSeconds;
  private boolean finished;

  TarWriter(OutputStream out, long modificationTimeSeconds) {
    this.out = out;
    this.modificationTimeSeconds = modificationTimeSeconds;
  }

  /** Adds a directory; a trailing slash is added to the name if missing. */
  void directory(String name, int mode) throws IOException {
    String dirName = name.endsWith("/") ? name : name + "/";
    out.write(header(dirName, mode, 0, TYPE_DIRECTORY, ""));
  }

  /** Adds a regular file with the given content. */
  void file(String name, int mode, byte[] content) throws IOException {
    out.write(header(name, mode, content.length, TYPE_FILE, ""));
    out.write(content);
    pad(content.length);
  }

  /** Adds a symbolic link {@code name -> target}. */
  void symlink(String name, String target) throws IOException {
    out.write(header(name, 0777, 0, TYPE_SYMLINK, target));
  }

  /** Writes the two zero blocks that end an archive. Does not close the underlying stream. */
  void finish() throws IOException {
    if (!finished) {
      out.write(new byte[2 * BLOCK]);
      finished = true;
    }
  }

  @Override
  public void close() throws IOException {
    finish();
    out.close();
  }

  private void pad(long size) throws IOException {
    int remainder = (int) (size % BLOCK);
    if (remainder != 0) {
      out.write(new byte[BLOCK - remainder]);
    }
  }

  private byte[] header(String name, int mode, long size, byte type, String linkTarget) {
    byte[] header = new byte[BLOCK];
    putString(header, 0, NAME_LENGTH, name, "entry name");
    putOctal(header, 100, 8, mode);
    putOctal(header, 108, 8, 0); // uid
    putOctal(header, 116, 8, 0); // gid
    putOctal(header, 124, 12, size);
    putOctal(header, 136, 12, modificationTimeSeconds);
    header[156] = type;
    putString(header, 157, NAME_LENGTH, linkTarget, "link target");
    putString(header, 257, 6, "ustar", "magic"); // "ustar\0"
    header[263] = '0';
    header[264] = '0';
    putString(header, 265, 32, "root", "user name");
    putString(header, 297, 32, "root", "group name");
    putOctal(header, 329, 8, 0); // devmajor
    putOctal(header, 337, 8, 0); // devminor

    // The checksum is computed with its own field filled with spaces, then written as six
    // octal digits, a NUL and a space.
    Arrays.fill(header, 148, 156, (byte) ' ');
    long checksum = 0;
    for (byte b : header) {
      checksum += b & 0xff;
    }
    byte[] digits = String.format("%06o", checksum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(digits, 0, header, 148, 6);
    header[154] = 0;
    header[155] = ' ';
    return header;
  }

  private static void putString(byte[] header, int offset, int length, String value, String what) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > length) {
      throw new IllegalArgumentException(
          what + " longer than " + length + " bytes cannot be stored in a ustar header: " + value);
    }
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  /** Writes {@code value} as zero-padded octal digits followed by a NUL, filling the field. */
  private static void putOctal(byte[] header, int offset, int length, long value) {
    String octal = Long.toOctalString(value);
    if (octal.length() > length - 1) {
      throw new IllegalArgumentException("value " + value + " does not fit a " + length + "-byte tar field");
    }
    String padded = "0".repeat(length - 1 - octal.length()) + octal;
    System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, offset, length - 1);
    header[offset + length - 1] = 0;
  }
}
