package dev.criexporter.testsupport.containerd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Minimal 64-bit little-endian ELF images: a header and program headers of the given types, nothing else. */
final class TestElf {

  static final int PT_LOAD = 1;
  static final int PT_INTERP = 3;
  static final int MACHINE_X86_64 = 0x3e;
  static final int MACHINE_AARCH64 = 0xb7;

  private TestElf() {
  }

  static byte[] image(int machine, int... programHeaderTypes) {
    int headerSize = 64;
    int entrySize = 56;
    ByteBuffer elf = ByteBuffer.allocate(headerSize + entrySize * programHeaderTypes.length + 16)
        .order(ByteOrder.LITTLE_ENDIAN);
    elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
    elf.putShort(0x10, (short) 2); // ET_EXEC
    elf.putShort(0x12, (short) machine);
    elf.putInt(0x14, 1);
    elf.putLong(0x20, headerSize);
    elf.putShort(0x34, (short) headerSize);
    elf.putShort(0x36, (short) entrySize);
    elf.putShort(0x38, (short) programHeaderTypes.length);
    for (int i = 0; i < programHeaderTypes.length; i++) {
      elf.putInt(headerSize + i * entrySize, programHeaderTypes[i]);
    }
    return elf.array();
  }

  /** A static x86-64 executable. */
  static byte[] staticAmd64() {
    return image(MACHINE_X86_64, PT_LOAD, PT_LOAD);
  }
}
