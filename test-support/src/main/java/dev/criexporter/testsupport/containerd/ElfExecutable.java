package dev.criexporter.testsupport.containerd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The two facts about an ELF executable that decide whether it can run alone in an image with
 * no C library: its OCI architecture name, and whether it asks for a program interpreter
 * (a {@code PT_INTERP} segment, i.e. it is dynamically linked).
 */
record ElfExecutable(String ociArchitecture, boolean dynamicallyLinked) {

  private static final int PT_INTERP = 3;

  /**
   * Parses the ELF header and program headers of {@code image}.
   *
   * @throws IllegalArgumentException if the bytes are not an ELF file or its headers are cut short
   */
  static ElfExecutable parse(byte[] image) {
    if (image.length < 52 || image[0] != 0x7f || image[1] != 'E' || image[2] != 'L' || image[3] != 'F') {
      throw new IllegalArgumentException("not an ELF file");
    }
    boolean is64 = switch (image[4]) {
      case 1 -> false;
      case 2 -> true;
      default -> throw new IllegalArgumentException("unknown ELF class " + image[4]);
    };
    ByteOrder order = switch (image[5]) {
      case 1 -> ByteOrder.LITTLE_ENDIAN;
      case 2 -> ByteOrder.BIG_ENDIAN;
      default -> throw new IllegalArgumentException("unknown ELF byte order " + image[5]);
    };
    ByteBuffer buffer = ByteBuffer.wrap(image).order(order);
    int machine = Short.toUnsignedInt(buffer.getShort(0x12));
    long programHeaderOffset = is64 ? buffer.getLong(0x20) : Integer.toUnsignedLong(buffer.getInt(0x1c));
    int entrySize = Short.toUnsignedInt(buffer.getShort(is64 ? 0x36 : 0x2a));
    int entryCount = Short.toUnsignedInt(buffer.getShort(is64 ? 0x38 : 0x2c));
    if (programHeaderOffset + (long) entrySize * entryCount > image.length) {
      throw new IllegalArgumentException("ELF program headers run past the end of the file");
    }
    boolean dynamic = false;
    for (int i = 0; i < entryCount; i++) {
      int type = buffer.getInt((int) (programHeaderOffset + (long) i * entrySize));
      if (type == PT_INTERP) {
        dynamic = true;
        break;
      }
    }
    String architecture = architecture(machine, is64, order)
        .orElseThrow(() -> new IllegalArgumentException("unsupported ELF machine 0x" + Integer.toHexString(machine)));
    return new ElfExecutable(architecture, dynamic);
  }

  private static Optional<String> architecture(int machine, boolean is64, ByteOrder order) {
    return Optional.ofNullable(switch (machine) {
      case 0x3e -> "amd64";
      case 0x03 -> "386";
      case 0xb7 -> "arm64";
      case 0x28 -> "arm";
      case 0xf3 -> is64 ? "riscv64" : null;
      case 0x15 -> order == ByteOrder.LITTLE_ENDIAN ? "ppc64le" : "ppc64";
      case 0x16 -> "s390x";
      default -> null;
    });
  }
}
