package dev.criexporter.cgroup.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cgroup.Fixtures;
import dev.criexporter.cgroup.HostCgroups;
import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.path.CgroupPathResolver;
import dev.criexporter.cgroup.path.ContainerCgroup;
import dev.criexporter.cgroup.stats.CgroupStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupReaderFailureTest {

  private static final Set<StatGroup> ALL = EnumSet.allOf(StatGroup.class);
  private static final String V2_APP = "kubepods/burstable/pod3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7/"
      + Fixtures.APP_CGROUPFS;
  private static final String V1_APP = Fixtures.V1_BURSTABLE_POD + "/" + Fixtures.V1_APP;

  @TempDir
  Path temp;

  @Test
  void aContainerRemovedBetweenListingAndReadingIsGone() {
    Path root = Fixtures.copy(Fixtures.V2_CGROUPFS, temp);
    HostCgroups host = HostCgroups.of(root, CgroupMode.UNIFIED);
    List<ContainerCgroup> listed = new CgroupPathResolver(host).scan();
    ContainerCgroup app = listed.stream()
        .filter(c -> c.containerId().equals(Fixtures.APP_CGROUPFS)).findFirst().orElseThrow();

    Fixtures.deleteTree(root.resolve(app.relativePath()));
    CgroupReadResult result = new CgroupReader(host).read(app.relativePath(), ALL);

    assertThat(result.outcome()).isEqualTo(CgroupReadResult.Outcome.GONE);
    assertThat(result.isGone()).isTrue();
    assertThat(result.stats()).isEqualTo(CgroupStats.EMPTY);
    assertThat(result.failures()).isEmpty();
  }

  @Test
  void aV1ContainerRemovedFromTheMemoryHierarchyIsGoneEvenIfOthersRemain() {
    Path root = Fixtures.copy(Fixtures.V1_CGROUPFS_HYBRID, temp);
    Fixtures.deleteTree(root.resolve("memory").resolve(V1_APP));
    CgroupReadResult result = new CgroupReader(HostCgroups.of(root, CgroupMode.HYBRID)).read(V1_APP, ALL);
    assertThat(result.outcome()).isEqualTo(CgroupReadResult.Outcome.GONE);
  }

  @Test
  void aMissingSecondaryControllerDirectoryFailsOnlyItsFiles() {
    Path root = Fixtures.copy(Fixtures.V1_CGROUPFS_HYBRID, temp);
    Fixtures.deleteTree(root.resolve("pids").resolve(V1_APP));
    CgroupReadResult result = new CgroupReader(HostCgroups.of(root, CgroupMode.HYBRID)).read(V1_APP, ALL);

    assertThat(result.outcome()).isEqualTo(CgroupReadResult.Outcome.PARTIAL);
    assertThat(result.failures()).extracting(FileFailure::fileName).containsExactly("pids.current", "pids.max");
    assertThat(result.failures()).allSatisfy(f -> {
      assertThat(f.reason()).isEqualTo(FailureReason.MISSING);
      assertThat(f.detail()).contains("cgroup directory");
    });
    assertThat(result.stats().pids().current()).isEmpty();
    assertThat(result.stats().pids().limit()).isEqualTo(Limit.absent());
    assertThat(result.stats().memory().usageBytes()).hasValue(100L * 1024 * 1024);
  }

  @Test
  void aMalformedFileIsOneFailureAndTheRestStillCounts() throws IOException {
    Path root = Fixtures.copy(Fixtures.V2_CGROUPFS, temp);
    Files.writeString(root.resolve(V2_APP).resolve("memory.stat"), "anon 1\nfile\n");
    Files.writeString(root.resolve(V2_APP).resolve("pids.max"), "lots\n");
    CgroupReadResult result = new CgroupReader(HostCgroups.of(root, CgroupMode.UNIFIED)).read(V2_APP, ALL);

    assertThat(result.outcome()).isEqualTo(CgroupReadResult.Outcome.PARTIAL);
    assertThat(result.failures()).extracting(FileFailure::fileName, FileFailure::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple("memory.stat", FailureReason.MALFORMED),
        org.assertj.core.groups.Tuple.tuple("pids.max", FailureReason.MALFORMED));
    assertThat(result.failures().get(0).detail()).isEqualTo("line 2: key 'file' has no value");
    assertThat(result.failures().get(0).path()).isEqualTo(root.resolve(V2_APP).resolve("memory.stat"));
    CgroupStats s = result.stats();
    assertThat(s.memory().usageBytes()).hasValue(25L * 1024 * 1024);
    assertThat(s.memory().rssBytes()).isEmpty();
    assertThat(s.memory().workingSetBytes()).isEmpty();
    assertThat(s.pids().current()).hasValue(4);
    assertThat(s.pids().limit()).isEqualTo(Limit.absent());
    assertThat(s.cpu().usageNanos()).hasValue(4_200_000_000L);
  }

  @Test
  void aMissingRequiredFileIsMissingAndAMissingOptionalFileIsNot() throws IOException {
    Path root = Fixtures.copy(Fixtures.V2_CGROUPFS, temp);
    Files.delete(root.resolve(V2_APP).resolve("cpu.stat"));
    Files.delete(root.resolve(V2_APP).resolve("memory.peak"));
    Files.delete(root.resolve(V2_APP).resolve("io.pressure"));
    CgroupReadResult result = new CgroupReader(HostCgroups.of(root, CgroupMode.UNIFIED)).read(V2_APP, ALL);

    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.fileName()).isEqualTo("cpu.stat");
      assertThat(f.reason()).isEqualTo(FailureReason.MISSING);
      assertThat(f.detail()).isEqualTo("file does not exist");
    });
    assertThat(result.stats().memory().maxUsageBytes()).isEmpty();
    assertThat(result.stats().pressure().io()).isEmpty();
    assertThat(result.stats().pressure().cpu()).isPresent();
  }

  @Test
  void anUnreadableFileIsAnIoError() throws IOException {
    Path root = Fixtures.copy(Fixtures.V2_CGROUPFS, temp);
    Path stat = root.resolve(V2_APP).resolve("memory.stat");
    Files.delete(stat);
    Files.createDirectory(stat);
    CgroupReadResult result = new CgroupReader(HostCgroups.of(root, CgroupMode.UNIFIED))
        .read(V2_APP, EnumSet.of(StatGroup.MEMORY));
    assertThat(result.failures()).singleElement().satisfies(f -> {
      assertThat(f.fileName()).isEqualTo("memory.stat");
      assertThat(f.reason()).isEqualTo(FailureReason.IO_ERROR);
    });
    assertThat(result.stats().memory().usageBytes()).isPresent();
  }

  @Test
  void theUsageSubsetReadsOnlyTheLevelFilesAndAgreesWithTheFullRead() throws IOException {
    Path root = Fixtures.copy(Fixtures.V2_CGROUPFS, temp);
    CgroupReader reader = new CgroupReader(HostCgroups.of(root, CgroupMode.UNIFIED));
    var full = reader.read(V2_APP, EnumSet.of(StatGroup.MEMORY)).stats().memory();
    // Spoil the files the subset must not touch: the full read notices, the subset does not.
    Files.writeString(root.resolve(V2_APP).resolve("memory.peak"), "garbage\n");
    Files.writeString(root.resolve(V2_APP).resolve("memory.swap.current"), "garbage\n");
    assertThat(reader.read(V2_APP, EnumSet.of(StatGroup.MEMORY)).failures()).hasSize(2);
    CgroupReadResult usage = reader.read(V2_APP, EnumSet.of(StatGroup.MEMORY_USAGE));
    assertThat(usage.outcome()).isEqualTo(CgroupReadResult.Outcome.COMPLETE);
    assertThat(usage.stats().memory().usageBytes()).isEqualTo(full.usageBytes()).isPresent();
    assertThat(usage.stats().memory().workingSetBytes()).isEqualTo(full.workingSetBytes())
        .isPresent();
    assertThat(usage.stats().memory().rssBytes()).isEqualTo(full.rssBytes()).isPresent();
    assertThat(usage.stats().memory().maxUsageBytes()).isEmpty();

    Path v1 = Fixtures.copy(Fixtures.V1_CGROUPFS_HYBRID, temp.resolve("v1"));
    CgroupReader v1Reader = new CgroupReader(HostCgroups.of(v1, CgroupMode.HYBRID));
    var v1Full = v1Reader.read(V1_APP, EnumSet.of(StatGroup.MEMORY)).stats().memory();
    Files.delete(v1.resolve("memory").resolve(V1_APP).resolve("memory.max_usage_in_bytes"));
    assertThat(v1Reader.read(V1_APP, EnumSet.of(StatGroup.MEMORY)).failures()).hasSize(1);
    CgroupReadResult v1Usage = v1Reader.read(V1_APP, EnumSet.of(StatGroup.MEMORY_USAGE));
    assertThat(v1Usage.outcome()).isEqualTo(CgroupReadResult.Outcome.COMPLETE);
    assertThat(v1Usage.stats().memory().workingSetBytes()).isEqualTo(v1Full.workingSetBytes())
        .isPresent();
  }

  @Test
  void aPathThatNeverExistedIsGone() {
    CgroupReader reader = new CgroupReader(
        HostCgroups.of(Fixtures.tree(Fixtures.V2_CGROUPFS), CgroupMode.UNIFIED));
    assertThat(reader.read("kubepods/besteffort/podnothere/abc", ALL).outcome())
        .isEqualTo(CgroupReadResult.Outcome.GONE);
  }

  @Test
  void pathsThatEscapeTheHierarchyAreRejected() {
    CgroupReader reader = new CgroupReader(
        HostCgroups.of(Fixtures.tree(Fixtures.V2_CGROUPFS), CgroupMode.UNIFIED));
    assertThatThrownBy(() -> reader.read("../../etc", ALL)).isInstanceOf(IllegalArgumentException.class);
  }
}
