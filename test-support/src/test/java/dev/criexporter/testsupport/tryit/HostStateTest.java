package dev.criexporter.testsupport.tryit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostStateTest {

  static final String MOUNTINFO = """
          22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
          30 22 0:26 / /sys/fs/cgroup/memory rw,nosuid shared:9 - cgroup cgroup rw,memory
          31 22 0:27 / /sys/fs/cgroup/unified rw,nosuid shared:10 - cgroup2 cgroup2 rw
          90 22 0:50 / /tmp/cri-exporter-try-it/containerd/root/rootfs rw - overlay overlay rw,lowerdir=a
          91 22 0:51 / /tmp/with\\040space rw - tmpfs shm rw
          """;

  @Test
  void mountPointsAndTypesAreRead() {
    assertThat(HostState.parseMountinfo(MOUNTINFO)).extracting(HostState.Mount::mountPoint).containsExactly(
        Path.of("/"), Path.of("/sys/fs/cgroup/memory"), Path.of("/sys/fs/cgroup/unified"),
        Path.of("/tmp/cri-exporter-try-it/containerd/root/rootfs"), Path.of("/tmp/with space"));
    assertThat(HostState.parseMountinfo(MOUNTINFO)).extracting(HostState.Mount::fsType)
        .containsExactly("ext4", "cgroup", "cgroup2", "overlay", "tmpfs");
  }

  @Test
  void octalEscapesAreUndone() {
    assertThat(HostState.unescape("/a\\040b\\134c")).isEqualTo("/a b\\c");
    assertThat(HostState.unescape("/trailing\\04")).isEqualTo("/trailing\\04");
  }

  @Test
  void thisMachineHasCgroupHierarchiesAndNothingMountedUnderAFreshDirectory() {
    assertThat(HostState.cgroupHierarchies()).isNotEmpty();
    assertThat(HostState.mountPointsUnder(Path.of("/tmp/no-such-try-it-" + System.nanoTime()))).isEmpty();
    assertThat(HostState.existingCgroupDirs("/no-such-cgroup-" + System.nanoTime())).isEmpty();
  }
}
