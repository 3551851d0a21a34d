package dev.criexporter.cgroup.read;

import dev.criexporter.cgroup.stats.CgroupStats;
import java.nio.file.Path;
import java.util.Set;

/** Reads the files of one cgroup version's layout. */
interface VersionReader {

  /** The directory whose absence means the cgroup is gone. */
  Path primaryDir(String relativePath);

  /** Reads the wanted groups' files; failures go to the session. */
  CgroupStats read(ReadSession session, String relativePath, Set<StatGroup> wanted);

  static Path under(Path hierarchyRoot, String relativePath) {
    return relativePath.isEmpty() ? hierarchyRoot : hierarchyRoot.resolve(relativePath);
  }
}
