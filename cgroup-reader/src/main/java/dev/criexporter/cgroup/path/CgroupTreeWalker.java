package dev.criexporter.cgroup.path;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds container cgroup directories by walking one hierarchy, depth-first and depth-bounded, without following
 * symlinks. A container directory's own subtree (e.g. crun's {@code container/} sub-cgroup) is not entered.
 * Directories that vanish or cannot be listed during the walk are skipped.
 */
final class CgroupTreeWalker {

  private static final Logger LOG = LoggerFactory.getLogger(CgroupTreeWalker.class);

  private final Path hierarchyRoot;
  private final int maxDepth;

  CgroupTreeWalker(Path hierarchyRoot, int maxDepth) {
    this.hierarchyRoot = hierarchyRoot;
    this.maxDepth = maxDepth;
  }

  List<ContainerCgroup> walk() {
    List<ContainerCgroup> found = new ArrayList<>();
    visit(hierarchyRoot, "", 1, found);
    return found;
  }

  private void visit(Path dir, String relative, int depth, List<ContainerCgroup> found) {
    if (depth > maxDepth) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!isDirectory(entry)) {
          continue;
        }
        String childRelative = relative.isEmpty() ? name : relative + "/" + name;
        CgroupNameStyle style = CgroupNameStyle.of(name);
        if (style != null) {
          found.add(new ContainerCgroup(style.idOf(name), childRelative, style));
        } else {
          visit(entry, childRelative, depth + 1, found);
        }
      }
    } catch (NoSuchFileException e) {
      LOG.debug("cgroup {} vanished during the walk", dir);
    } catch (IOException e) {
      LOG.debug("cannot list cgroup {}: {}", dir, e.toString());
    }
  }

  private static boolean isDirectory(Path entry) {
    try {
      return Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory();
    } catch (IOException e) {
      return false;
    }
  }
}
