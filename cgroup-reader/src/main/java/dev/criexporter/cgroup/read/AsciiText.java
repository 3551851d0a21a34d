package dev.criexporter.cgroup.read;

import java.nio.charset.StandardCharsets;

/**
 * A {@link CharSequence} view of the bytes of a cgroup file (ASCII text), without decoding or copying. The view
 * is valid until its buffer is reused; {@link #subSequence} and {@link #toString} copy.
 */
final class AsciiText implements CharSequence {

  private byte[] bytes;
  private int length;

  void reset(byte[] bytes, int length) {
    this.bytes = bytes;
    this.length = length;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(index);
    }
    return (char) (bytes[index] & 0xFF);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    if (start < 0 || end > length || start > end) {
      throw new IndexOutOfBoundsException("[" + start + ", " + end + ") of " + length);
    }
    return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }
}
