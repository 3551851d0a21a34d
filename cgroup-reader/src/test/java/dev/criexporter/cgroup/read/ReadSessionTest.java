package dev.criexporter.cgroup.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.criexporter.cgroup.Fixtures;
import dev.criexporter.cgroup.read.ReadSession.Need;
import dev.criexporter.cgroup.v2.CpuStatV2;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadSessionTest {

  @TempDir
  Path temp;

  @Test
  void aCgroupThatVanishesBetweenTwoFilesAbortsTheRead() throws IOException {
    Path cgroup = Files.createDirectories(temp.resolve("kubepods/pod1/abc"));
    Files.writeString(cgroup.resolve("memory.current"), "4096\n");
    Files.writeString(cgroup.resolve("pids.current"), "3\n");
    ReadSession session = new ReadSession(new FileTextReader(), cgroup);

    assertThat(session.readUnsigned(cgroup, "memory.current", Need.REQUIRED)).hasValue(4096);
    Fixtures.deleteTree(cgroup);

    assertThatThrownBy(() -> session.readUnsigned(cgroup, "pids.current", Need.REQUIRED))
        .isInstanceOf(ReadSession.Gone.class);
    assertThat(session.failures()).isEmpty();
  }

  @Test
  void anErrnoFromAFileOfARemovedCgroupMeansGone() throws IOException {
    Path cgroup = Files.createDirectories(temp.resolve("abc"));
    // reading an open file of a removed cgroup fails with ENODEV; the directory is gone by then
    TextSource removedWhileReading = file -> {
      Fixtures.deleteTree(cgroup);
      throw new IOException("No such device");
    };
    ReadSession session = new ReadSession(removedWhileReading, cgroup);
    assertThatThrownBy(() -> session.read(cgroup, "cpu.stat", Need.REQUIRED, CpuStatV2::parse))
        .isInstanceOf(ReadSession.Gone.class);
  }

  @Test
  void accessDeniedIsPermissionDenied() throws IOException {
    Path cgroup = Files.createDirectories(temp.resolve("abc"));
    ReadSession session = new ReadSession(file -> {
      throw new AccessDeniedException(file.toString());
    }, cgroup);

    assertThat(session.read(cgroup, "cpu.stat", Need.OPTIONAL, CpuStatV2::parse)).isNull();

    assertThat(session.failures()).singleElement().satisfies(f -> {
      assertThat(f.reason()).isEqualTo(FailureReason.PERMISSION_DENIED);
      assertThat(f.fileName()).isEqualTo("cpu.stat");
      assertThat(f.path()).isEqualTo(cgroup.resolve("cpu.stat"));
    });
  }

  @Test
  void anotherErrorWhileTheCgroupExistsIsAnIoError() throws IOException {
    Path cgroup = Files.createDirectories(temp.resolve("abc"));
    ReadSession session = new ReadSession(file -> {
      throw new IOException("Input/output error");
    }, cgroup);

    assertThat(session.readUnsigned(cgroup, "memory.current", Need.REQUIRED)).isEmpty();

    assertThat(session.failures()).singleElement().satisfies(f -> {
      assertThat(f.reason()).isEqualTo(FailureReason.IO_ERROR);
      assertThat(f.detail()).contains("Input/output error");
    });
  }

  @Test
  void aRealWriteOnlyCgroupFileFailsAsAnIoError() {
    // cgroupfs lets root open a write-only file, then the read fails with EINVAL
    Path memoryRoot = Path.of("/sys/fs/cgroup/memory");
    assumeTrue(Files.exists(memoryRoot.resolve("memory.force_empty")), "no cgroup v1 memory hierarchy here");
    ReadSession session = new ReadSession(new FileTextReader(), memoryRoot);

    assertThat(session.readUnsigned(memoryRoot, "memory.force_empty", Need.REQUIRED)).isEmpty();

    assertThat(session.failures()).singleElement().satisfies(f -> {
      assertThat(f.reason()).isIn(FailureReason.IO_ERROR, FailureReason.PERMISSION_DENIED);
      assertThat(f.fileName()).isEqualTo("memory.force_empty");
    });
  }
}
