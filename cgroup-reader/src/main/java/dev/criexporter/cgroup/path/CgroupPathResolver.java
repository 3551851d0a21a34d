package dev.criexporter.cgroup.path;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.criexporter.cgroup.HostCgroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a container's cgroup path (relative to the hierarchy root, as {@code CgroupReader} takes it).
 *
 * <ol>
 *   <li>The runtime's answer, when the caller has it: the OCI spec's {@code linux.cgroupsPath} (containerd's
 *       and CRI-O's verbose {@code ContainerStatus}), converted by {@link RuntimeCgroupsPath}, used if that
 *       directory exists.</li>
 *   <li>Else an index of container ids built by walking the primary hierarchy (the v2 root, or the v1 memory
 *       hierarchy) for directories named in any {@link CgroupNameStyle}: containerd and CRI-O, systemd and
 *       cgroupfs drivers, any QoS class. The index is cached; a miss triggers a new walk, at most once per
 *       {@link ResolverSettings#minRescanInterval()}.</li>
 * </ol>
 *
 * <p>For CRI-O with crun, the container's processes live in a {@code container/} sub-cgroup of
 * {@code crio-<id>.scope}; the scope itself is returned, because its statistics are hierarchical and so include
 * the sub-cgroup (and anything else the runtime runs for the container).
 *
 * <p>Thread-safe; walks are serialized.
 */
public final class CgroupPathResolver {

  private static final Logger LOG = LoggerFactory.getLogger(CgroupPathResolver.class);

  private final Path hierarchyRoot;
  private final CgroupTreeWalker walker;
  private final Cache<String, ContainerCgroup> index;
  private final long minRescanNanos;
  private final LongSupplier nanoClock;
  private final Object walkLock = new Object();
  private boolean walked;
  private long lastWalkNanos;

  public CgroupPathResolver(HostCgroups host) {
    this(host, ResolverSettings.DEFAULTS, System::nanoTime);
  }

  /**
   * @param nanoClock a monotonic clock in nanoseconds, as {@link System#nanoTime()}
   */
  public CgroupPathResolver(HostCgroups host, ResolverSettings settings, LongSupplier nanoClock) {
    this.hierarchyRoot = host.primaryDir();
    this.walker = new CgroupTreeWalker(hierarchyRoot, settings.maxDepth());
    this.index = Caffeine.newBuilder().maximumSize(settings.cacheSize()).build();
    this.minRescanNanos = settings.minRescanInterval().toNanos();
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * The cgroup path of {@code containerId}, preferring {@code runtimeCgroupsPath} when given and present on
   * disk, else the index.
   *
   * @param runtimeCgroupsPath the runtime's {@code linux.cgroupsPath}, or null
   */
  public Optional<String> resolve(String containerId, String runtimeCgroupsPath) {
    if (runtimeCgroupsPath != null && !runtimeCgroupsPath.isBlank()) {
      try {
        String relative = RuntimeCgroupsPath.toRelativePath(runtimeCgroupsPath);
        if (Files.isDirectory(relative.isEmpty() ? hierarchyRoot : hierarchyRoot.resolve(relative))) {
          return Optional.of(relative);
        }
        LOG.debug("runtime cgroupsPath {} of {} does not exist; using the index", runtimeCgroupsPath,
            containerId);
      } catch (IllegalArgumentException e) {
        LOG.debug("unusable runtime cgroupsPath of {}: {}", containerId, e.getMessage());
      }
    }
    return resolve(containerId);
  }

  /**
   * The cgroup path of {@code containerId} from the index; on a miss, re-walks the hierarchy unless a walk
   * happened within the minimum rescan interval.
   */
  public Optional<String> resolve(String containerId) {
    ContainerCgroup hit = index.getIfPresent(containerId);
    if (hit == null && CgroupNameStyle.isContainerId(containerId) && rescanAllowed()) {
      synchronized (walkLock) {
        hit = index.getIfPresent(containerId);
        if (hit == null && rescanAllowed()) {
          rebuild();
          hit = index.getIfPresent(containerId);
        }
      }
    }
    return hit == null ? Optional.empty() : Optional.of(hit.relativePath());
  }

  /**
   * Walks the hierarchy now and returns every container cgroup directory found (sandboxes included), for
   * finding cgroups no runtime record explains. Also refreshes the index.
   */
  public List<ContainerCgroup> scan() {
    synchronized (walkLock) {
      return rebuild();
    }
  }

  /** Drops {@code containerId} from the index, e.g. after its cgroup was found gone. */
  public void forget(String containerId) {
    index.invalidate(containerId);
  }

  private boolean rescanAllowed() {
    synchronized (walkLock) {
      return !walked || nanoClock.getAsLong() - lastWalkNanos >= minRescanNanos;
    }
  }

  /** Caller holds {@link #walkLock}. */
  private List<ContainerCgroup> rebuild() {
    long start = nanoClock.getAsLong();
    List<ContainerCgroup> found = walker.walk();
    Set<String> ids = new HashSet<>();
    for (ContainerCgroup cgroup : found) {
      ids.add(cgroup.containerId());
      index.put(cgroup.containerId(), cgroup);
    }
    index.asMap().keySet().retainAll(ids);
    walked = true;
    lastWalkNanos = nanoClock.getAsLong();
    LOG.debug("walked {}: {} container cgroups in {} ms", hierarchyRoot, found.size(),
        (lastWalkNanos - start) / 1_000_000);
    return List.copyOf(found);
  }
}
