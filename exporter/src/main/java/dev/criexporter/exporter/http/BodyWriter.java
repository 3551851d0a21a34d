package dev.criexporter.exporter.http;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.DataFormatException;

/**
 * Writes a body into pool chunks, either as it comes or gzip-compressed on the way (deflate
 * straight into the chunks, gzip header and trailer around it), so a rendering is compressed in
 * the same pass that produces it and no full-size intermediate array exists.
 */
final class BodyWriter extends OutputStream {

  /** The gzip member header: magic, deflate, no flags, no mtime, no extra flags, OS unknown. */
  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final ChunkPool pool;
  private final List<ByteBuffer> chunks = new ArrayList<>();
  private final Deflater deflater;
  private final CRC32 crc;
  private ByteBuffer current;
  private long inputBytes;
  private boolean finished;

  private BodyWriter(ChunkPool pool, int gzipLevel) {
    this.pool = pool;
    if (gzipLevel >= 0) {
      deflater = new Deflater(gzipLevel, true);
      crc = new CRC32();
      put(GZIP_HEADER, 0, GZIP_HEADER.length);
    } else {
      deflater = null;
      crc = null;
    }
  }

  static BodyWriter plain(ChunkPool pool) {
    return new BodyWriter(pool, -1);
  }

  static BodyWriter gzip(ChunkPool pool, int level) {
    return new BodyWriter(pool, level);
  }

  /** Inflates a gzip body written by this class into a new plain body. */
  static Body gunzip(ChunkPool pool, Body gzip) {
    BodyWriter out = plain(pool);
    Inflater inflater = new Inflater(true);
    try {
      ByteBuffer[] in = gzip.views();
      int skip = GZIP_HEADER.length;
      for (ByteBuffer c : in) {
        int s = Math.min(skip, c.remaining());
        c.position(c.position() + s);
        skip -= s;
        if (!c.hasRemaining()) {
          continue;
        }
        inflater.setInput(c);
        while (!inflater.needsInput() && !inflater.finished()) {
          out.ensureRoom();
          out.inputBytes += inflater.inflate(out.current);
        }
        if (inflater.finished()) {
          break;
        }
      }
      if (!inflater.finished()) {
        throw new IllegalStateException("truncated");
      }
    } catch (DataFormatException | RuntimeException e) {
      out.abandon();
      throw new IllegalStateException("gzip body corrupt or truncated", e);
    } finally {
      inflater.end();
    }
    return out.finish();
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    if (finished) {
      throw new IllegalStateException("body already finished");
    }
    if (len == 0) {
      return;
    }
    inputBytes += len;
    if (deflater == null) {
      put(b, off, len);
      return;
    }
    crc.update(b, off, len);
    deflater.setInput(b, off, len);
    while (!deflater.needsInput()) {
      ensureRoom();
      deflater.deflate(current, Deflater.NO_FLUSH);
    }
  }

  /** Bytes written in (before compression). */
  long inputBytes() {
    return inputBytes;
  }

  /** Completes the body (the gzip trailer) and returns it. */
  Body finish() {
    if (finished) {
      throw new IllegalStateException("body already finished");
    }
    finished = true;
    if (deflater != null) {
      deflater.finish();
      while (!deflater.finished()) {
        ensureRoom();
        deflater.deflate(current, Deflater.NO_FLUSH);
      }
      deflater.end();
      long c = crc.getValue();
      long size = inputBytes & 0xffffffffL;
      put(new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
          (byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)}, 0, 8);
    }
    return new Body(pool, chunks);
  }

  /** Gives back what was written so far (after a failed rendering). */
  void abandon() {
    if (!finished) {
      finished = true;
      if (deflater != null) {
        deflater.end();
      }
      for (ByteBuffer c : chunks) {
        pool.give(c);
      }
      chunks.clear();
    }
  }

  private void put(byte[] b, int off, int len) {
    while (len > 0) {
      ensureRoom();
      int n = Math.min(len, current.remaining());
      current.put(b, off, n);
      off += n;
      len -= n;
    }
  }

  private void ensureRoom() {
    if (current == null || !current.hasRemaining()) {
      current = pool.take();
      chunks.add(current);
    }
  }
}
