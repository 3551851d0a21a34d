package dev.criexporter.simulator.cri;

import io.grpc.Status;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Faults a {@link FakeCriServer} injects into its answers. Thread-safe; changes take effect on the next call,
 * also while the server runs. Every setter returns {@code this} for chaining.
 */
public final class Faults {

  private final Map<CriMethod, Duration> delays = new ConcurrentHashMap<>();
  private final Map<CriMethod, Failure> failuresAfter = new ConcurrentHashMap<>();
  private final Map<CriMethod, Failure> failures = new ConcurrentHashMap<>();
  private final Set<CriMethod> hangs = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<Lie>> lies = new ConcurrentHashMap<>();
  private final Map<String, Long> frozenCpu = new ConcurrentHashMap<>();
  private final Set<String> unknownContainers = ConcurrentHashMap.newKeySet();
  private final Set<String> omittedFromStats = ConcurrentHashMap.newKeySet();
  private final Map<String, Status.Code> statsFailures = new ConcurrentHashMap<>();
  private volatile int hugeLabelBytes;

  private record Failure(Status.Code code, AtomicInteger remaining) {
  }

  /** Every call of {@code method} waits {@code delay} before it is answered. */
  public Faults delay(CriMethod method, Duration delay) {
    Objects.requireNonNull(method, "method");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    delays.put(method, delay);
    return this;
  }

  /** Every call of {@code method} fails with {@code code}. */
  public Faults fail(CriMethod method, Status.Code code) {
    return fail(method, code, Integer.MAX_VALUE);
  }

  /** The next {@code times} calls of {@code method} fail with {@code code}; later calls succeed. */
  public Faults fail(CriMethod method, Status.Code code, int times) {
    Objects.requireNonNull(method, "method");
    if (code == Status.Code.OK) {
      throw new IllegalArgumentException("a failure needs a code other than OK");
    }
    if (times < 1) {
      throw new IllegalArgumentException("times must be >= 1, got " + times);
    }
    failures.put(method, new Failure(code, new AtomicInteger(times)));
    return this;
  }

  /**
   * The next {@code passing} calls of {@code method} are answered as usual (other faults
   * included); every call after them fails with {@code code}: a runtime that goes away between
   * two calls of the same poll.
   */
  public Faults failAfter(CriMethod method, int passing, Status.Code code) {
    Objects.requireNonNull(method, "method");
    if (code == Status.Code.OK) {
      throw new IllegalArgumentException("a failure needs a code other than OK");
    }
    if (passing < 0) {
      throw new IllegalArgumentException("passing must be >= 0, got " + passing);
    }
    failuresAfter.put(method, new Failure(code, new AtomicInteger(passing)));
    return this;
  }

  /** Calls of {@code method} are never answered: the caller waits for its deadline (or the server's stop). */
  public Faults hang(CriMethod method) {
    hangs.add(Objects.requireNonNull(method, "method"));
    return this;
  }

  /** The runtime misreports one container's statistics (see {@link Lie}). */
  public Faults lie(String containerId, Lie lie) {
    Objects.requireNonNull(lie, "lie");
    lies.computeIfAbsent(Objects.requireNonNull(containerId, "containerId"),
        k -> Collections.synchronizedSet(EnumSet.noneOf(Lie.class))).add(lie);
    return this;
  }

  /** The container's statistics are reported truthfully again. */
  public Faults stopLying(String containerId) {
    lies.remove(containerId);
    frozenCpu.remove(containerId);
    return this;
  }

  /** ListContainerStats also reports a container with this id, which ListContainers does not know. */
  public Faults reportUnknownContainer(String containerId) {
    unknownContainers.add(Objects.requireNonNull(containerId, "containerId"));
    return this;
  }

  /**
   * The container is listed by ListContainers but missing from the statistics calls, as when it vanishes
   * between two calls of a poll (and as containerd does since it skips containers whose stats fail).
   */
  public Faults omitFromStats(String containerId) {
    omittedFromStats.add(Objects.requireNonNull(containerId, "containerId"));
    return this;
  }

  /**
   * Collecting this container's statistics fails, and with it the whole ListContainerStats and
   * ListPodSandboxStats answer, with {@code code} and a message naming the container (containerd before the
   * fix of its issue 10796 failed this way). ContainerStats for it fails too.
   */
  public Faults failStatsFor(String containerId, Status.Code code) {
    if (code == Status.Code.OK) {
      throw new IllegalArgumentException("a failure needs a code other than OK");
    }
    statsFailures.put(Objects.requireNonNull(containerId, "containerId"), code);
    return this;
  }

  /**
   * Every container carries an extra label whose value is {@code bytes} long, in every answer that carries
   * labels: for hostile-input and message-size tests. 0 turns it off.
   */
  public Faults hugeLabels(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
    }
    hugeLabelBytes = bytes;
    return this;
  }

  /** Removes the delay, failures and hang of one method. */
  public Faults clear(CriMethod method) {
    delays.remove(method);
    failures.remove(method);
    failuresAfter.remove(method);
    hangs.remove(method);
    return this;
  }

  /** Removes every fault. */
  public Faults clear() {
    delays.clear();
    failures.clear();
    failuresAfter.clear();
    hangs.clear();
    lies.clear();
    frozenCpu.clear();
    unknownContainers.clear();
    omittedFromStats.clear();
    statsFailures.clear();
    hugeLabelBytes = 0;
    return this;
  }

  // ---- what the service asks ---------------------------------------------------------------

  Duration delayOf(CriMethod method) {
    return delays.getOrDefault(method, Duration.ZERO);
  }

  boolean hangs(CriMethod method) {
    return hangs.contains(method);
  }

  /** The failure for this call, if one is due; counts it down. */
  Optional<Status.Code> takeFailure(CriMethod method) {
    Failure after = failuresAfter.get(method);
    if (after != null && after.remaining().getAndDecrement() <= 0) {
      return Optional.of(after.code());
    }
    Failure f = failures.get(method);
    if (f == null) {
      return Optional.empty();
    }
    int left = f.remaining().getAndDecrement();
    if (left <= 0) {
      failures.remove(method, f);
      return Optional.empty();
    }
    if (left == 1) {
      failures.remove(method, f);
    }
    return Optional.of(f.code());
  }

  boolean lies(String containerId, Lie lie) {
    Set<Lie> set = lies.get(containerId);
    return set != null && set.contains(lie);
  }

  /** The frozen CPU counter of a container, taken from {@code current} on first use. */
  long frozenCpu(String containerId, LongSupplier current) {
    return frozenCpu.computeIfAbsent(containerId, k -> current.getAsLong());
  }

  List<String> unknownContainers() {
    return List.copyOf(unknownContainers);
  }

  boolean omittedFromStats(String containerId) {
    return omittedFromStats.contains(containerId);
  }

  Optional<Map.Entry<String, Status.Code>> firstStatsFailure(Iterable<String> containerIds) {
    if (statsFailures.isEmpty()) {
      return Optional.empty();
    }
    for (String id : containerIds) {
      Status.Code code = statsFailures.get(id);
      if (code != null) {
        return Optional.of(Map.entry(id, code));
      }
    }
    return Optional.empty();
  }

  int hugeLabelBytes() {
    return hugeLabelBytes;
  }
}
