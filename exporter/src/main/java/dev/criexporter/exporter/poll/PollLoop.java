package dev.criexporter.exporter.poll;

import dev.criexporter.exporter.model.NodeSnapshot;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the poller on one thread at a fixed rate. Polls never overlap: a poll that overruns the
 * interval delays the next one instead of stacking up. The task survives any {@link Throwable},
 * so an error (even an OutOfMemoryError) cannot silently end the schedule.
 */
public final class PollLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

  private final Poller poller;
  private final Duration interval;
  private final Consumer<NodeSnapshot> publish;
  private final ScheduledExecutorService executor;
  private final AtomicLong lastAttemptNanos = new AtomicLong(System.nanoTime());
  private final AtomicLong polls = new AtomicLong();

  public PollLoop(Poller poller, Duration interval, Consumer<NodeSnapshot> publish) {
    this.poller = poller;
    this.interval = interval;
    this.publish = publish;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "poll");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts polling now and then every interval. */
  public void start() {
    executor.scheduleAtFixedRate(this::runScheduled, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * One poll and publication; never throws. Synchronized, so a poll driven by hand (tests, the
   * doctor) never overlaps a scheduled one.
   *
   * @return the published snapshot, or null if publication failed
   */
  public synchronized NodeSnapshot runOnce() {
    lastAttemptNanos.set(System.nanoTime());
    try {
      NodeSnapshot s = poller.poll();
      publish.accept(s);
      return s;
    } catch (Throwable t) {
      log.error("poll or publication failed; the loop continues", t);
      return null;
    } finally {
      polls.incrementAndGet();
      lastAttemptNanos.set(System.nanoTime());
    }
  }

  private void runScheduled() {
    runOnce();
  }

  /** Polls finished since start. */
  public long completedPolls() {
    return polls.get();
  }

  /** Whether a poll has started or finished within {@code within}; false means the loop is stuck. */
  public boolean isLive(Duration within) {
    return System.nanoTime() - lastAttemptNanos.get() <= within.toNanos();
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
