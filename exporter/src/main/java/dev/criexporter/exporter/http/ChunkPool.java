package dev.criexporter.exporter.http;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fixed-size direct buffers that rendered bodies are written into and sent from. A body gives its
 * chunks back when the last scrape sending it has finished, so a node's renderings reuse the
 * same native memory poll after poll instead of leaving it to the garbage collector (a direct
 * buffer's memory is freed only when a collection finds its small heap object dead, which with a
 * quiet heap can take many polls).
 *
 * <p>At most {@link #retainLimit()} free chunks are kept; chunks given back beyond that are
 * dropped to the garbage collector. Thread-safe.
 */
public final class ChunkPool {

  /** Chunk size: large enough for few system calls, small enough to waste little at the end. */
  public static final int CHUNK_BYTES = 64 * 1024;

  private final ConcurrentLinkedDeque<ByteBuffer> free = new ConcurrentLinkedDeque<>();
  private final AtomicInteger freeCount = new AtomicInteger();
  private final AtomicLong allocated = new AtomicLong();
  private volatile int retainLimit;

  /** @param retainLimit free chunks kept for reuse at most */
  public ChunkPool(int retainLimit) {
    this.retainLimit = Math.max(0, retainLimit);
  }

  /** A cleared chunk, from the free list or newly allocated. */
  ByteBuffer take() {
    ByteBuffer b = free.pollFirst();
    if (b != null) {
      freeCount.decrementAndGet();
      return b.clear();
    }
    allocated.incrementAndGet();
    return ByteBuffer.allocateDirect(CHUNK_BYTES);
  }

  /** Returns a chunk no one reads any more. */
  void give(ByteBuffer chunk) {
    if (freeCount.incrementAndGet() <= retainLimit) {
      free.offerFirst(chunk);
    } else {
      freeCount.decrementAndGet();
    }
  }

  /** Sets how many free chunks are kept; surplus free chunks are dropped now. */
  public void retainLimit(int chunks) {
    retainLimit = Math.max(0, chunks);
    while (freeCount.get() > retainLimit && free.pollLast() != null) {
      freeCount.decrementAndGet();
    }
  }

  public int retainLimit() {
    return retainLimit;
  }

  /** Free chunks held now. */
  public int freeChunks() {
    return freeCount.get();
  }

  /** Chunks ever allocated (a pool that keeps up stops allocating after the first polls). */
  public long allocatedChunks() {
    return allocated.get();
  }
}
