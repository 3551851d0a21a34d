package dev.criexporter.testsupport.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ElfExecutableTest {

  @Test
  void staticExecutableHasNoInterpreter() {
    ElfExecutable elf = ElfExecutable.parse(TestElf.staticAmd64());

    assertThat(elf.dynamicallyLinked()).isFalse();
    assertThat(elf.ociArchitecture()).isEqualTo("amd64");
  }

  @Test
  void interpreterSegmentMeansDynamicallyLinked() {
    ElfExecutable elf = ElfExecutable.parse(TestElf.image(TestElf.MACHINE_AARCH64,
        TestElf.PT_LOAD, TestElf.PT_INTERP, TestElf.PT_LOAD));

    assertThat(elf.dynamicallyLinked()).isTrue();
    assertThat(elf.ociArchitecture()).isEqualTo("arm64");
  }

  @Test
  void rejectsWhatIsNotElf() {
    assertThatThrownBy(() -> ElfExecutable.parse("#!/bin/sh\necho not a binary, just long enough to pass the size check\n"
        .getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an ELF file");
  }

  @Test
  void rejectsProgramHeadersPastTheEnd() {
    byte[] image = TestElf.staticAmd64();
    byte[] truncated = Arrays.copyOf(image, 64 + 20);

    assertThatThrownBy(() -> ElfExecutable.parse(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("past the end");
  }

  @Test
  void rejectsUnknownMachines() {
    assertThatThrownBy(() -> ElfExecutable.parse(TestElf.image(0x1234, TestElf.PT_LOAD)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x1234");
  }

  @Test
  void aDistributionBinaryIsDynamicallyLinked() throws Exception {
    Path coreutilsTrue = Path.of("/bin/true");
    assumeTrue(Files.isRegularFile(coreutilsTrue), "no /bin/true on this machine");

    assertThat(ElfExecutable.parse(Files.readAllBytes(coreutilsTrue)).dynamicallyLinked()).isTrue();
  }
}
