package dev.criexporter.exporter.poll;

import dev.criexporter.cgroup.CgroupDetectionException;
import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cgroup.HostCgroups;
import dev.criexporter.cgroup.path.CgroupPathResolver;
import dev.criexporter.cgroup.path.ContainerCgroup;
import dev.criexporter.cgroup.read.CgroupReadResult;
import dev.criexporter.cgroup.read.CgroupReader;
import dev.criexporter.cgroup.read.FileFailure;
import dev.criexporter.cgroup.read.StatGroup;
import dev.criexporter.exporter.check.CheckSettings;
import dev.criexporter.exporter.check.CrossCheck;
import dev.criexporter.exporter.check.OrphanTracker;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's side of a poll: where each container's cgroup is, what its files say, and the
 * state the cross-check keeps between polls. Owned by the poll thread.
 */
public final class CgroupSide {
  private static final Logger log = LoggerFactory.getLogger(CgroupSide.class);
  private static final Set<StatGroup> BEFORE = EnumSet.of(StatGroup.MEMORY_USAGE);

  private final HostCgroups host;
  private final CgroupReader reader;
  private final CgroupPathResolver resolver;
  private final Set<StatGroup> groups;
  private final CrossCheck check;
  private final OrphanTracker orphans = new OrphanTracker();
  private final LongSupplier nanoTime;
  private final long ghostIntervalNanos;
  private long lastScan;
  private boolean scanned;
  private final Map<String, Long> readFailures = new HashMap<>();

  CgroupSide(HostCgroups host, Set<StatGroup> groups, CheckSettings settings, int hostCpus,
      LongSupplier nanoTime) {
    this.host = host;
    this.reader = new CgroupReader(host);
    this.resolver = new CgroupPathResolver(host);
    this.groups = groups.isEmpty() ? EnumSet.noneOf(StatGroup.class) : EnumSet.copyOf(groups);
    this.groups.add(StatGroup.CPU);
    this.groups.add(StatGroup.CPU_LIMITS);
    this.groups.add(StatGroup.MEMORY);
    this.check = new CrossCheck(settings, hostCpus);
    this.nanoTime = nanoTime;
    this.ghostIntervalNanos = settings.ghostScanInterval().toNanos();
  }

  /**
   * Opens the cgroup root, detecting its mode once (or taking the given one).
   *
   * @param groups the stat groups enabled collectors need (CPU and memory are always read: the
   *     cross-check needs them)
   * @return empty, with one log line, when the root is not a cgroup hierarchy
   */
  public static Optional<CgroupSide> open(Path cgroupRoot, Optional<CgroupMode> mode,
      Set<StatGroup> groups, CheckSettings settings, int hostCpus) {
    try {
      HostCgroups host = mode.isPresent() ? HostCgroups.of(cgroupRoot, mode.get())
          : HostCgroups.detect(cgroupRoot);
      log.info("cgroups at {}: {} mode", cgroupRoot, host.mode());
      return Optional.of(new CgroupSide(host, groups, settings, hostCpus, System::nanoTime));
    } catch (CgroupDetectionException | RuntimeException e) {
      log.warn("cgroup root {} unusable ({}); exporting runtime data only, without the"
          + " cross-check", cgroupRoot, e.getMessage());
      return Optional.empty();
    }
  }

  /** For fixture trees: a side over an already known host layout. */
  public static CgroupSide of(HostCgroups host, Set<StatGroup> groups, CheckSettings settings,
      int hostCpus, LongSupplier nanoTime) {
    return new CgroupSide(host, groups, settings, hostCpus, nanoTime);
  }

  public HostCgroups host() {
    return host;
  }

  public CrossCheck check() {
    return check;
  }

  public OrphanTracker orphans() {
    return orphans;
  }

  /** The container's cgroup path relative to the root, or empty when it cannot be found. */
  Optional<String> resolve(String containerId, String runtimeCgroupsPath) {
    return resolver.resolve(containerId, runtimeCgroupsPath);
  }

  /** Drops a cached path (after its cgroup was found gone). */
  void forget(String containerId) {
    resolver.forget(containerId);
  }

  /**
   * The read taken just before the runtime is asked for stats: only the files usage, working set
   * and RSS come from (two per container), which is all the cross-check compares.
   */
  CgroupReadResult readBefore(String path) {
    return reader.read(path, BEFORE);
  }

  /** The full read taken just after the runtime answered. */
  CgroupReadResult readAfter(String path) {
    CgroupReadResult r = reader.read(path, groups);
    if (r.isGone()) {
      readFailures.merge("gone", 1L, Long::sum);
    }
    for (FileFailure f : r.failures()) {
      readFailures.merge(f.reason().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
    }
    return r;
  }

  /** Whether the ghost walk is due this poll. */
  boolean ghostScanDue() {
    return !scanned || nanoTime.getAsLong() - lastScan >= ghostIntervalNanos;
  }

  /** Walks the tree for container-like cgroups. */
  List<ContainerCgroup> scan() {
    scanned = true;
    lastScan = nanoTime.getAsLong();
    return resolver.scan();
  }

  /** Cumulative cgroup read failures by reason. */
  Map<String, Long> readFailures() {
    return Map.copyOf(readFailures);
  }
}
