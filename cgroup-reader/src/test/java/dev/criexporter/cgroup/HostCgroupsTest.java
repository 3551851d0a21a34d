package dev.criexporter.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCgroupsTest {

  private static final Path SYS_FS_CGROUP = Path.of("/sys/fs/cgroup");

  /** One line of /proc/self/mountinfo: mount point, file system type, super options. */
  private record Mount(Path mountPoint, String fsType, List<String> superOptions) {
  }

  /** Mounts by mount point, from the kernel's own account (independent of statfs). */
  private static Map<Path, Mount> mounts() throws IOException {
    Map<Path, Mount> mounts = new HashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] halves = line.split(" - ", 2);
      String[] left = halves[0].split(" ");
      String[] right = halves[1].split(" ");
      Path mountPoint = Path.of(left[4]);
      mounts.put(mountPoint, new Mount(mountPoint, right[0], List.of(right[2].split(","))));
    }
    return mounts;
  }

  @Test
  void detectionAgreesWithMountinfo() throws Exception {
    Map<Path, Mount> mounts = mounts();
    Mount root = mounts.get(SYS_FS_CGROUP);
    assumeTrue(root != null, "no mount at /sys/fs/cgroup");

    HostCgroups host = HostCgroups.detect(SYS_FS_CGROUP);

    Mount unified = mounts.get(SYS_FS_CGROUP.resolve("unified"));
    Map<V1Controller, Path> expectedDirs = new EnumMap<>(V1Controller.class);
    for (Mount m : mounts.values()) {
      if (m.fsType().equals("cgroup") && SYS_FS_CGROUP.equals(m.mountPoint().getParent())) {
        for (V1Controller c : V1Controller.values()) {
          if (m.superOptions().contains(c.kernelName())) {
            Path exact = SYS_FS_CGROUP.resolve(c.kernelName());
            expectedDirs.merge(c, Files.isDirectory(exact) ? exact : m.mountPoint(),
                (a, b) -> a.getFileName().toString().equals(c.kernelName()) ? a : b);
          }
        }
      }
    }
    CgroupMode expected = root.fsType().equals("cgroup2") ? CgroupMode.UNIFIED
        : unified != null && unified.fsType().equals("cgroup2") && !expectedDirs.isEmpty() ? CgroupMode.HYBRID
        : CgroupMode.LEGACY;
    assertThat(host.mode()).isEqualTo(expected);
    assertThat(host.controllerDirs()).isEqualTo(expected == CgroupMode.UNIFIED ? Map.of() : expectedDirs);
  }

  @Test
  void thisKindOfMachineIsHybridWithSeparateCpuAndCpuacct() throws Exception {
    Map<Path, Mount> mounts = mounts();
    Mount root = mounts.get(SYS_FS_CGROUP);
    Mount cpu = mounts.get(SYS_FS_CGROUP.resolve("cpu"));
    assumeTrue(root != null && root.fsType().equals("tmpfs") && cpu != null && cpu.fsType().equals("cgroup")
        && mounts.containsKey(SYS_FS_CGROUP.resolve("unified")), "not a hybrid host");

    HostCgroups host = HostCgroups.detect(SYS_FS_CGROUP);

    assertThat(host.mode()).isEqualTo(CgroupMode.HYBRID);
    assertThat(host.unifiedDir()).contains(SYS_FS_CGROUP.resolve("unified"));
    assertThat(host.controllerDir(V1Controller.CPU)).contains(SYS_FS_CGROUP.resolve("cpu"));
    assertThat(host.controllerDir(V1Controller.CPUACCT)).contains(SYS_FS_CGROUP.resolve("cpuacct"));
    assertThat(host.controllerDir(V1Controller.MEMORY)).contains(SYS_FS_CGROUP.resolve("memory"));
    assertThat(host.primaryDir()).isEqualTo(SYS_FS_CGROUP.resolve("memory"));
  }

  @Test
  void statfsReportsTheTypesMountinfoNames() throws Exception {
    Map<Path, Mount> mounts = mounts();
    for (Mount m : mounts.values()) {
      if (!m.mountPoint().startsWith(SYS_FS_CGROUP) || !Files.isDirectory(m.mountPoint())) {
        continue;
      }
      FileSystemType expected = switch (m.fsType()) {
        case "cgroup2" -> FileSystemType.CGROUP2;
        case "cgroup" -> FileSystemType.CGROUP1;
        case "tmpfs" -> FileSystemType.TMPFS;
        default -> FileSystemType.OTHER;
      };
      assertThat(StatFs.typeOf(m.mountPoint())).as(m.mountPoint().toString()).isEqualTo(expected);
    }
  }

  @Test
  void statfsOnAMissingPathFailsWithErrno() {
    assertThatThrownBy(() -> StatFs.typeOf(Path.of("/nonexistent/cgroup/path")))
        .isInstanceOf(IOException.class).hasMessageContaining("errno 2");
  }

  @Test
  void detectRejectsAPlainDirectory(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("memory"));
    assertThatThrownBy(() -> HostCgroups.detect(dir))
        .isInstanceOf(CgroupDetectionException.class)
        .hasMessageContaining("no cgroup hierarchy under " + dir);
  }

  @Test
  void fixtureHybridTreeMapsSeparateCpuAndCpuacct() {
    Path root = Fixtures.tree(Fixtures.V1_CGROUPFS_HYBRID);
    HostCgroups host = HostCgroups.of(root, CgroupMode.HYBRID);
    assertThat(host.controllerDirs()).containsOnly(
        Map.entry(V1Controller.CPU, root.resolve("cpu")),
        Map.entry(V1Controller.CPUACCT, root.resolve("cpuacct")),
        Map.entry(V1Controller.MEMORY, root.resolve("memory")),
        Map.entry(V1Controller.PIDS, root.resolve("pids")),
        Map.entry(V1Controller.BLKIO, root.resolve("blkio")));
    assertThat(host.unifiedDir()).contains(root.resolve("unified"));
    assertThat(host.primaryDir()).isEqualTo(root.resolve("memory"));
  }

  @Test
  void fixtureUnifiedTreeIsItsOwnRoot() {
    Path root = Fixtures.tree(Fixtures.V2_CGROUPFS);
    HostCgroups host = HostCgroups.of(root, CgroupMode.UNIFIED);
    assertThat(host.controllerDirs()).isEmpty();
    assertThat(host.unifiedDir()).contains(root);
    assertThat(host.primaryDir()).isEqualTo(root);
  }

  @Test
  void coMountedCpuCpuacctWithoutSymlinks(@TempDir Path root) throws IOException {
    for (String name : List.of("cpu,cpuacct", "memory", "net_cls,net_prio", "cpuset")) {
      Files.createDirectories(root.resolve(name));
    }
    HostCgroups host = HostCgroups.of(root, CgroupMode.LEGACY);
    assertThat(host.controllerDir(V1Controller.CPU)).contains(root.resolve("cpu,cpuacct"));
    assertThat(host.controllerDir(V1Controller.CPUACCT)).contains(root.resolve("cpu,cpuacct"));
    assertThat(host.controllerDir(V1Controller.MEMORY)).contains(root.resolve("memory"));
    assertThat(host.controllerDir(V1Controller.PIDS)).isEmpty();
    assertThat(host.unifiedDir()).isEmpty();
  }

  @Test
  void coMountedCpuCpuacctWithSymlinksPrefersTheExactNames(@TempDir Path root) throws IOException {
    Path coMounted = Files.createDirectories(root.resolve("cpuacct,cpu"));
    Files.createSymbolicLink(root.resolve("cpu"), coMounted.getFileName());
    Files.createSymbolicLink(root.resolve("cpuacct"), coMounted.getFileName());
    Files.createDirectories(root.resolve("memory"));
    Files.createDirectories(root.resolve("unified"));
    HostCgroups host = HostCgroups.of(root, CgroupMode.HYBRID);
    assertThat(host.controllerDir(V1Controller.CPU)).contains(root.resolve("cpu"));
    assertThat(host.controllerDir(V1Controller.CPUACCT)).contains(root.resolve("cpuacct"));
  }

  @Test
  void controllerNamesMatchWholeCommaSeparatedParts(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("cpuset"));
    Files.createDirectories(root.resolve("pids_extra"));
    Files.createDirectories(root.resolve("memory"));
    HostCgroups host = HostCgroups.of(root, CgroupMode.LEGACY);
    assertThat(host.controllerDirs()).containsOnlyKeys(V1Controller.MEMORY);
  }

  @Test
  void primaryDirFallsBackWithoutMemory(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("cpuacct"));
    Files.createDirectories(root.resolve("pids"));
    assertThat(HostCgroups.of(root, CgroupMode.LEGACY).primaryDir()).isEqualTo(root.resolve("cpuacct"));
  }

  @Test
  void ofRejectsTreesThatLackWhatTheModeNeeds(@TempDir Path root) throws IOException {
    assertThatThrownBy(() -> HostCgroups.of(root, CgroupMode.LEGACY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v1 controller");
    Files.createDirectories(root.resolve("memory"));
    assertThatThrownBy(() -> HostCgroups.of(root, CgroupMode.HYBRID))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unified");
    assertThatThrownBy(() -> HostCgroups.of(root.resolve("absent"), CgroupMode.UNIFIED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructorEnforcesModeInvariants(@TempDir Path root) {
    assertThatThrownBy(() -> new HostCgroups(root, CgroupMode.UNIFIED, Map.of(V1Controller.CPU, root),
        Optional.of(root))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HostCgroups(root, CgroupMode.LEGACY, Map.of(V1Controller.CPU, root),
        Optional.of(root))).isInstanceOf(IllegalArgumentException.class);
  }
}
