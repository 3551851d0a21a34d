package dev.criexporter.cgroup.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.criexporter.cgroup.CgroupMode;
import dev.criexporter.cgroup.HostCgroups;
import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.V1Controller;
import dev.criexporter.cgroup.path.CgroupNameStyle;
import dev.criexporter.cgroup.path.CgroupPathResolver;
import dev.criexporter.cgroup.path.ContainerCgroup;
import dev.criexporter.cgroup.stats.CgroupStats;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads cgroups this test creates in the host's real cgroup v1 hierarchies (root only; cleaned up afterwards).
 * The cgroup is {@code cri-exporter-test-<pid>-<n>/<64-hex id>} under every v1 controller the reader uses.
 */
class RealV1CgroupTest {

  private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
  private static final String ID = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";

  private HostCgroups host;
  private String parent;
  private String cgroup;
  private final List<Path> created = new ArrayList<>();
  private Process process;

  @BeforeEach
  void createCgroups() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    assumeTrue(Files.isDirectory(CGROUP_ROOT.resolve("memory")), "no cgroup v1 memory hierarchy");
    host = HostCgroups.detect(CGROUP_ROOT);
    assumeTrue(host.mode() != CgroupMode.UNIFIED, "cgroup v1 is not mounted");
    parent = "cri-exporter-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    cgroup = parent + "/" + ID;
    for (V1Controller controller : V1Controller.values()) {
      Path dir = host.controllerDirs().get(controller);
      if (dir != null && !created.contains(dir.resolve(cgroup))) {
        created.add(Files.createDirectories(dir.resolve(cgroup)));
      }
    }
  }

  @AfterEach
  void removeCgroups() throws Exception {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    for (Path dir : created) {
      removeWithRetry(dir);
      removeWithRetry(dir.getParent());
    }
  }

  @Test
  void readsAProcessInFreshCgroups() throws Exception {
    Path memory = host.controllerDir(V1Controller.MEMORY).orElseThrow().resolve(cgroup);
    Files.writeString(memory.resolve("memory.limit_in_bytes"), "67108864");
    host.controllerDir(V1Controller.PIDS).ifPresent(p -> write(p.resolve(cgroup).resolve("pids.max"), "50"));
    host.controllerDir(V1Controller.CPU)
        .ifPresent(p -> write(p.resolve(cgroup).resolve("cpu.cfs_quota_us"), "50000"));

    // The shell waits for a line, so it burns CPU only once it is inside the cgroups, then sleeps.
    process = new ProcessBuilder("sh", "-c",
        "read go; i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; exec sleep 60").start();
    for (Path dir : created) {
      Files.writeString(dir.resolve("cgroup.procs"), Long.toString(process.pid()));
    }
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
    }
    CgroupReader reader = new CgroupReader(host);
    CgroupReadResult result = awaitCpuUsage(reader);

    assertThat(result.outcome()).as(result.failures().toString()).isEqualTo(CgroupReadResult.Outcome.COMPLETE);
    CgroupStats s = result.stats();
    assertThat(s.cpu().usageNanos().getAsLong()).isPositive();
    assertThat(s.cpu().userNanos()).isPresent();
    assertThat(s.cpu().periods()).isPresent();
    assertThat(s.cpuLimits().quotaUsec()).isEqualTo(Limit.of(50000));
    assertThat(s.cpuLimits().periodUsec()).hasValue(100000);
    assertThat(s.cpuLimits().shares()).hasValue(1024);
    assertThat(s.memory().usageBytes().getAsLong()).isNotNegative();
    assertThat(s.memory().workingSetBytes().getAsLong()).isBetween(0L, s.memory().usageBytes().getAsLong());
    assertThat(s.memory().rssBytes()).isPresent();
    assertThat(s.memory().maxUsageBytes().getAsLong())
        .isGreaterThanOrEqualTo(s.memory().usageBytes().getAsLong());
    assertThat(s.memoryLimits().limit()).isEqualTo(Limit.of(67108864));
    assertThat(s.memoryLimits().reservation()).isEqualTo(Limit.unlimited());
    assertThat(s.memoryEvents().oomKill()).hasValue(0);
    assertThat(s.memoryEvents().failcnt()).hasValue(0);
    if (host.controllerDirs().containsKey(V1Controller.PIDS)) {
      assertThat(s.pids().current()).hasValue(1);
      assertThat(s.pids().limit()).isEqualTo(Limit.of(50));
    }
    // no directory in the v2 hierarchy was created: pressure is unknown, not a failure
    assertThat(s.pressure().cpu()).isEmpty();
  }

  @Test
  void theWalkFindsTheCgroupAndItIsGoneOnceRemoved() throws Exception {
    CgroupPathResolver resolver = new CgroupPathResolver(host);
    List<ContainerCgroup> found = resolver.scan();
    assertThat(found).contains(new ContainerCgroup(ID, cgroup, CgroupNameStyle.BARE_ID));
    assertThat(resolver.resolve(ID)).contains(cgroup);

    CgroupReader reader = new CgroupReader(host);
    assertThat(reader.read(cgroup, EnumSet.allOf(StatGroup.class)).outcome())
        .isEqualTo(CgroupReadResult.Outcome.COMPLETE);
    for (Path dir : created) {
      Files.delete(dir);
    }
    assertThat(reader.read(cgroup, EnumSet.allOf(StatGroup.class)).outcome())
        .isEqualTo(CgroupReadResult.Outcome.GONE);
  }

  private CgroupReadResult awaitCpuUsage(CgroupReader reader) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      CgroupReadResult result = reader.read(cgroup, EnumSet.allOf(StatGroup.class));
      boolean used = result.stats().cpu().usageNanos().orElse(0) > 0;
      if (used || System.nanoTime() > deadline) {
        return result;
      }
      Thread.sleep(50);
    }
  }

  private static void write(Path file, String value) {
    try {
      Files.writeString(file, value);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A cgroup can stay busy for a moment after its last task exits. */
  private static void removeWithRetry(Path dir) throws InterruptedException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        Files.deleteIfExists(dir);
        return;
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
  }
}
