package dev.criexporter.cgroup.v1;

import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.parse.CgroupParseException;
import dev.criexporter.cgroup.parse.SingleValue;

/** Single-value cgroup v1 files whose "no limit" spelling is special. */
public final class V1Values {

  /**
   * The memory controller shows "no limit" as the largest page counter in bytes: 2^63-1 rounded down to the
   * page size (9223372036854771712 with 4 KiB pages). Any value at or above 2^63-1 rounded down to 1 MiB is
   * taken as unlimited, which covers every page size Linux supports.
   */
  public static final long MEMORY_UNLIMITED_THRESHOLD = Long.MAX_VALUE & ~((1L << 20) - 1);

  private V1Values() {
  }

  /**
   * {@code memory.limit_in_bytes}, {@code memory.soft_limit_in_bytes}, {@code memory.memsw.limit_in_bytes}:
   * bytes, or unlimited for the huge "no limit" value.
   *
   * @throws CgroupParseException if the text is not one unsigned number
   */
  public static Limit parseMemoryLimit(CharSequence text, String file) {
    long value = SingleValue.parseUnsigned(text, file);
    return Long.compareUnsigned(value, MEMORY_UNLIMITED_THRESHOLD) >= 0 ? Limit.unlimited() : Limit.of(value);
  }

  /**
   * {@code cpu.cfs_quota_us}: microseconds per period, or unlimited for {@code -1}.
   *
   * @throws CgroupParseException if the text is not a number, or negative other than -1
   */
  public static Limit parseCfsQuota(CharSequence text) {
    long value = SingleValue.parseSigned(text, V1Files.CPU_CFS_QUOTA_US);
    if (value == -1) {
      return Limit.unlimited();
    }
    if (value < 0) {
      throw new CgroupParseException(V1Files.CPU_CFS_QUOTA_US, "negative quota other than -1: " + value);
    }
    return Limit.of(value);
  }
}
