package dev.criexporter.testsupport.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountTableTest {

  private static final String MOUNTINFO = String.join("\n",
      "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
      "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
      "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
      "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd",
      "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
      "90 27 0:50 / /tmp/w/state/sandboxes/a/shm rw shared:5 - tmpfs shm rw,size=65536k",
      "91 27 0:51 / /tmp/w/state/tasks/a/rootfs rw - overlay overlay rw,lowerdir=/x",
      "92 27 0:52 / /tmp/w/state/tasks/b\\040c/rootfs rw - overlay overlay rw,lowerdir=/y",
      "93 91 0:53 / /tmp/w/state/tasks/a/rootfs/proc rw - proc proc rw",
      "94 27 0:54 / /tmp/wider rw - tmpfs tmpfs rw",
      "");

  @Test
  void listsMountsUnderADirectoryMostRecentFirst() {
    MountTable table = MountTable.parse(MOUNTINFO);

    assertThat(table.mountPointsUnder(Path.of("/tmp/w"))).containsExactly(
        Path.of("/tmp/w/state/tasks/a/rootfs/proc"),
        Path.of("/tmp/w/state/tasks/b c/rootfs"),
        Path.of("/tmp/w/state/tasks/a/rootfs"),
        Path.of("/tmp/w/state/sandboxes/a/shm"));
  }

  @Test
  void findsCgroupHierarchiesOfBothVersions() {
    assertThat(MountTable.parse(MOUNTINFO).cgroupHierarchies()).containsExactly(
        Path.of("/sys/fs/cgroup/cpu"), Path.of("/sys/fs/cgroup/systemd"), Path.of("/sys/fs/cgroup/unified"));
  }

  @Test
  void undoesOctalEscapes() {
    assertThat(MountTable.unescape("a\\040b\\011c\\134d")).isEqualTo("a b\tc\\d");
    assertThat(MountTable.unescape("trailing\\04")).isEqualTo("trailing\\04");
  }

  @Test
  void rejectsALineWithoutSeparator() {
    assertThatThrownBy(() -> MountTable.parse("1 2 3:4 / /x rw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void readsThisProcessesTable() {
    assertThat(MountTable.read().mounts()).extracting(MountTable.Mount::mountPoint).contains(Path.of("/"));
  }
}
