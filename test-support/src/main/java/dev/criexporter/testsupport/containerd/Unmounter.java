package dev.criexporter.testsupport.containerd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unmounts everything mounted at or below a directory: container root filesystems (overlay) and
 * sandbox {@code /dev/shm} tmpfs mounts that a killed shim could not undo.
 */
final class Unmounter {

  private static final Logger LOG = LoggerFactory.getLogger(Unmounter.class);
  private static final Duration UMOUNT_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_PASSES = 5;

  private Unmounter() {
  }

  /**
   * Unmounts, most recent mount first, in passes until nothing is left or a pass makes no
   * progress; what still resists is then detached with {@code umount -l}.
   *
   * @return the mount points still present at or below {@code directory} (empty on success)
   */
  static List<Path> unmountAllUnder(Path directory) {
    List<Path> remaining = MountTable.read().mountPointsUnder(directory);
    for (int pass = 0; pass < MAX_PASSES && !remaining.isEmpty(); pass++) {
      for (Path mountPoint : remaining) {
        Command.Result result = Command.run(UMOUNT_TIMEOUT, "umount", mountPoint.toString());
        LOG.debug("{}", result.describe());
      }
      List<Path> after = MountTable.read().mountPointsUnder(directory);
      if (after.size() >= remaining.size()) {
        remaining = after;
        break;
      }
      remaining = after;
    }
    if (!remaining.isEmpty()) {
      for (Path mountPoint : remaining) {
        Command.Result result = Command.run(UMOUNT_TIMEOUT, "umount", "-l", mountPoint.toString());
        LOG.warn("lazy unmount of {}: {}", mountPoint, result.describe());
      }
      remaining = MountTable.read().mountPointsUnder(directory);
    }
    return remaining;
  }
}
