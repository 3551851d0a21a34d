package dev.criexporter.testsupport.containerd;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads a ustar archive back into entries by name, verifying each header's checksum. */
final class TarEntries {

  record Entry(String name, char type, int mode, String linkTarget, byte[] content) {
  }

  private TarEntries() {
  }

  static Map<String, Entry> read(byte[] archive) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    int offset = 0;
    while (offset + 512 <= archive.length) {
      byte[] header = Arrays.copyOfRange(archive, offset, offset + 512);
      if (isZero(header)) {
        return entries;
      }
      verifyChecksum(header);
      String name = string(header, 0, 100);
      long size = Long.parseLong(string(header, 124, 12).strip(), 8);
      int mode = Integer.parseInt(string(header, 100, 8).strip(), 8);
      char type = (char) header[156];
      String link = string(header, 157, 100);
      byte[] content = Arrays.copyOfRange(archive, offset + 512, offset + 512 + (int) size);
      entries.put(name, new Entry(name, type, mode, link, content));
      offset += 512 + (int) ((size + 511) / 512 * 512);
    }
    throw new AssertionError("archive ends without the two zero blocks");
  }

  static byte[] gunzip(byte[] gzip) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError("not valid gzip", e);
    }
  }

  private static void verifyChecksum(byte[] header) {
    long expected = Long.parseLong(string(header, 148, 8).strip(), 8);
    long sum = 0;
    for (int i = 0; i < header.length; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
    }
    if (sum != expected) {
      throw new AssertionError("bad tar header checksum for " + string(header, 0, 100));
    }
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String string(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }
}
