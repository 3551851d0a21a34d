package dev.criexporter.cgroup.read;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cgroup.CgroupPaths;
import dev.criexporter.cgroup.HostCgroups;
import dev.criexporter.cgroup.stats.CgroupStats;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the statistics of one cgroup, by its path relative to the hierarchy root, from whichever cgroup layout
 * the host has. Reads only the files of the wanted {@link StatGroup}s, each into a reused per-thread buffer.
 *
 * <p>Never throws for cgroup trouble: a cgroup that does not exist or vanishes mid-read gives
 * {@link CgroupReadResult.Outcome#GONE}; a file that is malformed, unreadable or missing is one
 * {@link FileFailure} while the other files still count. Thread-safe.
 */
public final class CgroupReader {

  private final HostCgroups host;
  private final VersionReader versionReader;
  private final ThreadLocal<FileTextReader> buffers = ThreadLocal.withInitial(FileTextReader::new);

  public CgroupReader(HostCgroups host) {
    this.host = Objects.requireNonNull(host, "host");
    this.versionReader = host.mode() == CgroupMode.UNIFIED
        ? new V2Reader(host.unifiedDir().orElseThrow())
        : new V1Reader(host);
  }

  public HostCgroups host() {
    return host;
  }

  /**
   * Reads the wanted groups of the cgroup at {@code cgroupPath}.
   *
   * @param cgroupPath relative to the hierarchy root, with or without a leading slash, e.g.
   *     {@code kubepods.slice/kubepods-burstable.slice/.../cri-containerd-<id>.scope}
   * @param wanted which groups to read (an {@link java.util.EnumSet} is cheapest)
   * @throws IllegalArgumentException if {@code cgroupPath} has a {@code .} or {@code ..} segment
   */
  public CgroupReadResult read(String cgroupPath, Set<StatGroup> wanted) {
    String relative = CgroupPaths.toRelative(cgroupPath);
    ReadSession session = new ReadSession(buffers.get(), versionReader.primaryDir(relative));
    try {
      session.checkPresent();
      CgroupStats stats = versionReader.read(session, relative, wanted);
      List<FileFailure> failures = session.failures();
      return new CgroupReadResult(relative,
          failures.isEmpty() ? CgroupReadResult.Outcome.COMPLETE : CgroupReadResult.Outcome.PARTIAL,
          stats, failures);
    } catch (ReadSession.Gone gone) {
      return new CgroupReadResult(relative, CgroupReadResult.Outcome.GONE, CgroupStats.EMPTY, List.of());
    }
  }
}
