package dev.criexporter.exporter.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A rendered body: a sequence of filled chunks from a {@link ChunkPool}. Immutable once built;
 * its owner gives the chunks back with {@link #free()} when no one reads them any more.
 */
final class Body {

  private final ChunkPool pool;
  private final ByteBuffer[] chunks;
  private final int length;

  Body(ChunkPool pool, List<ByteBuffer> filled) {
    this.pool = pool;
    this.chunks = new ByteBuffer[filled.size()];
    long total = 0;
    for (int i = 0; i < chunks.length; i++) {
      ByteBuffer c = filled.get(i);
      c.flip();
      chunks[i] = c;
      total += c.remaining();
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalStateException("body of " + total + " bytes exceeds 2 GiB");
    }
    this.length = (int) total;
  }

  int length() {
    return length;
  }

  int chunkCount() {
    return chunks.length;
  }

  /** Fresh read-only views of the chunks, to hand to a sender. */
  ByteBuffer[] views() {
    ByteBuffer[] v = new ByteBuffer[chunks.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = chunks[i].asReadOnlyBuffer();
    }
    return v;
  }

  void writeTo(OutputStream out) throws IOException {
    byte[] tmp = new byte[ChunkPool.CHUNK_BYTES];
    for (ByteBuffer c : chunks) {
      ByteBuffer v = c.duplicate();
      while (v.hasRemaining()) {
        int n = Math.min(tmp.length, v.remaining());
        v.get(tmp, 0, n);
        out.write(tmp, 0, n);
      }
    }
  }

  byte[] toBytes() {
    byte[] out = new byte[length];
    int at = 0;
    for (ByteBuffer c : chunks) {
      ByteBuffer v = c.duplicate();
      int n = v.remaining();
      v.get(out, at, n);
      at += n;
    }
    return out;
  }

  /** Gives the chunks back to the pool; the body must not be read afterwards. */
  void free() {
    for (ByteBuffer c : chunks) {
      pool.give(c);
    }
  }
}
