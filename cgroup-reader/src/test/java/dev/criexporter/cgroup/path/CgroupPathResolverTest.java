package dev.criexporter.cgroup.path;

import static dev.criexporter.cgroup.Fixtures.systemdUid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cgroup.Fixtures;
import dev.criexporter.cgroup.HostCgroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupPathResolverTest {

  private static final String BURSTABLE_POD = "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
      + systemdUid(Fixtures.POD_BURSTABLE_UID) + ".slice";
  private static final String BESTEFFORT_POD = "kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod"
      + systemdUid(Fixtures.POD_BESTEFFORT_UID) + ".slice";
  private static final String GUARANTEED_POD = "kubepods.slice/kubepods-pod"
      + systemdUid(Fixtures.POD_GUARANTEED_UID) + ".slice";
  private static final String CRIO_POD = "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
      + systemdUid(Fixtures.CRIO_POD_UID) + ".slice";
  private static final String CGROUPFS_BURSTABLE_POD = "kubepods/burstable/pod3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7";
  private static final String NEW_ID = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

  private final AtomicLong clock = new AtomicLong();

  private static CgroupPathResolver resolver(String fixture, CgroupMode mode) {
    return new CgroupPathResolver(HostCgroups.of(Fixtures.tree(fixture), mode));
  }

  private CgroupPathResolver resolverWithClock(Path root, ResolverSettings settings) {
    return new CgroupPathResolver(HostCgroups.of(root, CgroupMode.UNIFIED), settings, clock::get);
  }

  @Test
  void v2SystemdContainerdLayout() {
    CgroupPathResolver resolver = resolver(Fixtures.V2_SYSTEMD_CONTAINERD, CgroupMode.UNIFIED);
    assertThat(resolver.scan()).containsExactlyInAnyOrder(
        new ContainerCgroup(Fixtures.SANDBOX_BURSTABLE, BURSTABLE_POD + "/cri-containerd-"
            + Fixtures.SANDBOX_BURSTABLE + ".scope", CgroupNameStyle.CRI_CONTAINERD_SCOPE),
        new ContainerCgroup(Fixtures.APP_BURSTABLE, BURSTABLE_POD + "/cri-containerd-"
            + Fixtures.APP_BURSTABLE + ".scope", CgroupNameStyle.CRI_CONTAINERD_SCOPE),
        new ContainerCgroup(Fixtures.APP_BESTEFFORT, BESTEFFORT_POD + "/cri-containerd-"
            + Fixtures.APP_BESTEFFORT + ".scope", CgroupNameStyle.CRI_CONTAINERD_SCOPE),
        new ContainerCgroup(Fixtures.APP_GUARANTEED, GUARANTEED_POD + "/cri-containerd-"
            + Fixtures.APP_GUARANTEED + ".scope", CgroupNameStyle.CRI_CONTAINERD_SCOPE));
    assertThat(resolver.resolve(Fixtures.APP_GUARANTEED))
        .contains(GUARANTEED_POD + "/cri-containerd-" + Fixtures.APP_GUARANTEED + ".scope");
  }

  @Test
  void v2SystemdCrioLayoutReturnsTheScopeNotCrunsSubCgroupNorConmon() {
    CgroupPathResolver resolver = resolver(Fixtures.V2_SYSTEMD_CRIO, CgroupMode.UNIFIED);
    assertThat(resolver.scan()).containsExactlyInAnyOrder(
        new ContainerCgroup(Fixtures.CRIO_APP, CRIO_POD + "/crio-" + Fixtures.CRIO_APP + ".scope",
            CgroupNameStyle.CRIO_SCOPE),
        new ContainerCgroup(Fixtures.CRIO_SANDBOX, CRIO_POD + "/crio-" + Fixtures.CRIO_SANDBOX + ".scope",
            CgroupNameStyle.CRIO_SCOPE));
    assertThat(resolver.resolve(Fixtures.CRIO_APP)).contains(CRIO_POD + "/crio-" + Fixtures.CRIO_APP + ".scope");
  }

  @Test
  void v2CgroupfsLayoutWithContainerdAndCrio() {
    CgroupPathResolver resolver = resolver(Fixtures.V2_CGROUPFS, CgroupMode.UNIFIED);
    assertThat(resolver.scan()).containsExactlyInAnyOrder(
        new ContainerCgroup(Fixtures.SANDBOX_CGROUPFS, CGROUPFS_BURSTABLE_POD + "/" + Fixtures.SANDBOX_CGROUPFS,
            CgroupNameStyle.BARE_ID),
        new ContainerCgroup(Fixtures.APP_CGROUPFS, CGROUPFS_BURSTABLE_POD + "/" + Fixtures.APP_CGROUPFS,
            CgroupNameStyle.BARE_ID),
        new ContainerCgroup(Fixtures.APP_CGROUPFS_GUARANTEED, "kubepods/pod9a8b7c6d-5e4f-4a3b-9c1d-0e9f8a7b6c5d/"
            + Fixtures.APP_CGROUPFS_GUARANTEED, CgroupNameStyle.BARE_ID),
        new ContainerCgroup(Fixtures.CRIO_CGROUPFS, "kubepods/besteffort/pod2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e/"
            + "crio-" + Fixtures.CRIO_CGROUPFS, CgroupNameStyle.CRIO_BARE));
  }

  @Test
  void v1HybridLayoutIsWalkedInTheMemoryHierarchy() {
    CgroupPathResolver resolver = resolver(Fixtures.V1_CGROUPFS_HYBRID, CgroupMode.HYBRID);
    assertThat(resolver.scan()).extracting(ContainerCgroup::relativePath).containsExactlyInAnyOrder(
        Fixtures.V1_BURSTABLE_POD + "/" + Fixtures.V1_SANDBOX,
        Fixtures.V1_BURSTABLE_POD + "/" + Fixtures.V1_APP,
        Fixtures.V1_BESTEFFORT_POD + "/" + Fixtures.V1_BESTEFFORT);
    assertThat(resolver.resolve(Fixtures.V1_APP)).contains(Fixtures.V1_BURSTABLE_POD + "/" + Fixtures.V1_APP);
  }

  @Test
  void resolveBuildsTheIndexOnFirstUseAndMissesUnknownIds() {
    CgroupPathResolver resolver = resolver(Fixtures.V2_SYSTEMD_CONTAINERD, CgroupMode.UNIFIED);
    assertThat(resolver.resolve(Fixtures.APP_BESTEFFORT))
        .contains(BESTEFFORT_POD + "/cri-containerd-" + Fixtures.APP_BESTEFFORT + ".scope");
    assertThat(resolver.resolve(NEW_ID)).isEmpty();
    assertThat(resolver.resolve("not-an-id")).isEmpty();
  }

  @Test
  void prefersTheRuntimesCgroupsPathWhenItExists() {
    CgroupPathResolver resolver = resolver(Fixtures.V2_SYSTEMD_CONTAINERD, CgroupMode.UNIFIED);
    String systemdForm = "kubepods-burstable-pod" + systemdUid(Fixtures.POD_BURSTABLE_UID)
        + ".slice:cri-containerd:" + Fixtures.APP_BURSTABLE;
    assertThat(resolver.resolve(Fixtures.APP_BURSTABLE, systemdForm))
        .contains(BURSTABLE_POD + "/cri-containerd-" + Fixtures.APP_BURSTABLE + ".scope");

    CgroupPathResolver cgroupfs = resolver(Fixtures.V2_CGROUPFS, CgroupMode.UNIFIED);
    assertThat(cgroupfs.resolve(Fixtures.APP_CGROUPFS, "/" + CGROUPFS_BURSTABLE_POD + "/" + Fixtures.APP_CGROUPFS))
        .contains(CGROUPFS_BURSTABLE_POD + "/" + Fixtures.APP_CGROUPFS);
  }

  @Test
  void fallsBackToTheIndexWhenTheRuntimesPathIsMissingOrUnusable() {
    CgroupPathResolver resolver = resolver(Fixtures.V2_SYSTEMD_CONTAINERD, CgroupMode.UNIFIED);
    String expected = BURSTABLE_POD + "/cri-containerd-" + Fixtures.APP_BURSTABLE + ".scope";
    assertThat(resolver.resolve(Fixtures.APP_BURSTABLE, "/kubepods/burstable/podx/" + Fixtures.APP_BURSTABLE))
        .contains(expected);
    assertThat(resolver.resolve(Fixtures.APP_BURSTABLE, "bad--name.slice:x:y")).contains(expected);
    assertThat(resolver.resolve(Fixtures.APP_BURSTABLE, null)).contains(expected);
    assertThat(resolver.resolve(Fixtures.APP_BURSTABLE, " ")).contains(expected);
  }

  @Test
  void aMissRewalksAtMostOncePerInterval(@TempDir Path temp) throws IOException {
    Path root = Fixtures.copy(Fixtures.V2_CGROUPFS, temp);
    CgroupPathResolver resolver = resolverWithClock(root,
        new ResolverSettings(8, 100, Duration.ofSeconds(10)));
    assertThat(resolver.resolve(Fixtures.APP_CGROUPFS)).isPresent();

    Files.createDirectories(root.resolve(CGROUPFS_BURSTABLE_POD).resolve(NEW_ID));
    clock.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(resolver.resolve(NEW_ID)).as("within the interval: no new walk").isEmpty();

    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(resolver.resolve(NEW_ID)).contains(CGROUPFS_BURSTABLE_POD + "/" + NEW_ID);
  }

  @Test
  void aWalkDropsIdsWhoseDirectoriesWentAway(@TempDir Path temp) {
    Path root = Fixtures.copy(Fixtures.V2_CGROUPFS, temp);
    CgroupPathResolver resolver = resolverWithClock(root, new ResolverSettings(8, 100, Duration.ofHours(1)));
    assertThat(resolver.scan()).hasSize(4);

    Fixtures.deleteTree(root.resolve(CGROUPFS_BURSTABLE_POD).resolve(Fixtures.APP_CGROUPFS));
    assertThat(resolver.resolve(Fixtures.APP_CGROUPFS)).as("cached until the next walk").isPresent();

    assertThat(resolver.scan()).extracting(ContainerCgroup::containerId)
        .doesNotContain(Fixtures.APP_CGROUPFS).hasSize(3);
    assertThat(resolver.resolve(Fixtures.APP_CGROUPFS)).isEmpty();
  }

  @Test
  void forgetDropsOneIdUntilTheNextAllowedWalk() {
    CgroupPathResolver resolver = new CgroupPathResolver(
        HostCgroups.of(Fixtures.tree(Fixtures.V2_CGROUPFS), CgroupMode.UNIFIED),
        new ResolverSettings(8, 100, Duration.ofSeconds(5)), clock::get);
    resolver.scan();
    resolver.forget(Fixtures.APP_CGROUPFS);
    assertThat(resolver.resolve(Fixtures.APP_CGROUPFS)).isEmpty();
    assertThat(resolver.resolve(Fixtures.SANDBOX_CGROUPFS)).isPresent();
    clock.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(resolver.resolve(Fixtures.APP_CGROUPFS)).isPresent();
  }

  @Test
  void theWalkIsDepthBounded() {
    CgroupPathResolver shallow = new CgroupPathResolver(
        HostCgroups.of(Fixtures.tree(Fixtures.V2_SYSTEMD_CONTAINERD), CgroupMode.UNIFIED),
        new ResolverSettings(3, 100, Duration.ZERO), clock::get);
    assertThat(shallow.scan()).extracting(ContainerCgroup::containerId).containsExactly(Fixtures.APP_GUARANTEED);
  }

  @Test
  void theWalkDoesNotFollowSymlinks(@TempDir Path temp) throws IOException {
    Path root = Fixtures.copy(Fixtures.V2_CGROUPFS, temp);
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("kubepods"));
    List<ContainerCgroup> found = resolverWithClock(root, ResolverSettings.DEFAULTS).scan();
    assertThat(found).hasSize(4).noneMatch(c -> c.relativePath().startsWith("alias"));
  }
}
