package dev.criexporter.deploy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads tar streams as image archives and layers are written (ustar, with GNU long names and PAX
 * extended headers), enough to list entries and read small files. Names lose any leading "./" or "/".
 */
final class TarReader {

  private static final int BLOCK = 512;

  /** One entry; content is null when only headers were read. */
  record Entry(String name, char type, int mode, long uid, long gid, long size, byte[] content) {
  }

  private TarReader() {
  }

  /** Every entry with the content of regular files. */
  static List<Entry> entries(InputStream in) throws IOException {
    return read(in, true);
  }

  /** Every entry, contents skipped. */
  static List<Entry> headers(InputStream in) throws IOException {
    return read(in, false);
  }

  private static List<Entry> read(InputStream in, boolean withContent) throws IOException {
    List<Entry> entries = new ArrayList<>();
    byte[] header = new byte[BLOCK];
    String longName = null;
    Map<String, String> pax = new HashMap<>();
    while (true) {
      if (!readFully(in, header)) {
        return entries;
      }
      if (isZero(header)) {
        return entries;
      }
      char type = (char) header[156];
      long size = octal(header, 124, 12);
      if (pax.containsKey("size")) {
        size = Long.parseLong(pax.get("size"));
      }
      boolean meta = type == 'L' || type == 'x' || type == 'g';
      byte[] content = null;
      if (meta || (withContent && (type == '0' || type == '\0'))) {
        content = readBytes(in, size);
      } else {
        skip(in, size);
      }
      skip(in, (BLOCK - size % BLOCK) % BLOCK);
      if (type == 'L') {
        longName = cString(content, 0, content.length);
        continue;
      }
      if (type == 'x') {
        pax = parsePax(content);
        continue;
      }
      if (type == 'g') {
        continue;
      }
      String name = cString(header, 0, 100);
      String prefix = cString(header, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      if (longName != null) {
        name = longName;
      }
      if (pax.containsKey("path")) {
        name = pax.get("path");
      }
      long uid = pax.containsKey("uid") ? Long.parseLong(pax.get("uid")) : octal(header, 108, 8);
      long gid = pax.containsKey("gid") ? Long.parseLong(pax.get("gid")) : octal(header, 116, 8);
      while (name.startsWith("./") || name.startsWith("/")) {
        name = name.substring(name.startsWith("./") ? 2 : 1);
      }
      entries.add(new Entry(name, type, (int) octal(header, 100, 8), uid, gid, size, content));
      longName = null;
      pax = new HashMap<>();
    }
  }

  private static Map<String, String> parsePax(byte[] content) {
    Map<String, String> records = new HashMap<>();
    String text = new String(content, StandardCharsets.UTF_8);
    int at = 0;
    while (at < text.length()) {
      int space = text.indexOf(' ', at);
      if (space < 0) {
        break;
      }
      int length = Integer.parseInt(text.substring(at, space));
      String record = text.substring(space + 1, at + length - 1);
      int eq = record.indexOf('=');
      records.put(record.substring(0, eq), record.substring(eq + 1));
      at += length;
    }
    return records;
  }

  private static long octal(byte[] b, int offset, int length) {
    if ((b[offset] & 0x80) != 0) {
      // base-256 encoding for large numbers
      long value = b[offset] & 0x7f;
      for (int i = 1; i < length; i++) {
        value = (value << 8) | (b[offset + i] & 0xff);
      }
      return value;
    }
    String s = cString(b, offset, length).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }

  private static String cString(byte[] b, int offset, int length) {
    int end = offset;
    while (end < offset + length && b[end] != 0) {
      end++;
    }
    return new String(b, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
    int read = in.readNBytes(buffer, 0, buffer.length);
    if (read == 0) {
      return false;
    }
    if (read < buffer.length) {
      throw new EOFException("truncated tar header");
    }
    return true;
  }

  private static byte[] readBytes(InputStream in, long size) throws IOException {
    byte[] content = in.readNBytes(Math.toIntExact(size));
    if (content.length != size) {
      throw new EOFException("truncated tar entry");
    }
    return content;
  }

  private static void skip(InputStream in, long n) throws IOException {
    in.skipNBytes(n);
  }
}
