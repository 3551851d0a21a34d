package dev.criexporter.cgroup;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Path;

/** Calls libc {@code statfs(2)} through JNA to learn a mount's file system type. */
final class StatFs {

  /** Larger than {@code struct statfs} on every Linux ABI (120 bytes on 64-bit). */
  private static final int STRUCT_SIZE = 256;

  private interface LibC extends Library {
    int statfs(String path, Pointer buf) throws LastErrorException;
  }

  private static final class Holder {
    static final LibC LIBC = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
  }

  private StatFs() {
  }

  /**
   * The file system type of the mount holding {@code path}.
   *
   * @throws IOException if {@code statfs} fails (the message carries errno)
   */
  static FileSystemType typeOf(Path path) throws IOException {
    return FileSystemType.fromMagic(magicOf(path));
  }

  static long magicOf(Path path) throws IOException {
    try (Memory buf = new Memory(STRUCT_SIZE)) {
      buf.clear();
      try {
        Holder.LIBC.statfs(path.toString(), buf);
      } catch (LastErrorException e) {
        throw new IOException("statfs(" + path + ") failed: errno " + e.getErrorCode(), e);
      }
      // f_type is the first member: a C long on Linux, except s390x where it is a 32-bit unsigned int.
      // Masking keeps a 32-bit platform's sign-extended value unsigned; every magic fits in 32 bits.
      if (Platform.ARCH.startsWith("s390")) {
        return Integer.toUnsignedLong(buf.getInt(0));
      }
      return buf.getNativeLong(0).longValue() & 0xFFFF_FFFFL;
    }
  }
}
