package dev.criexporter.cgroup.stats;

import dev.criexporter.cgroup.parse.KeyedValues;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Memory usage, the same for cgroup v1 and v2 (bytes unless noted; hierarchical). Sources, v1 / v2:
 * <ul>
 *   <li>usage: {@code memory.usage_in_bytes} / {@code memory.current};</li>
 *   <li>workingSet: usage minus inactive file pages, clamped at 0;</li>
 *   <li>rss: {@code total_rss} / {@code anon}; cache: {@code total_cache} / {@code file};</li>
 *   <li>swap: {@code memory.memsw.usage_in_bytes} minus usage (else {@code total_swap}) /
 *       {@code memory.swap.current};</li>
 *   <li>mappedFile: {@code total_mapped_file} / {@code file_mapped}; kernel: (not in v1's memory.stat) /
 *       {@code kernel}; shmem, dirty, writeback, (in)active anon/file, unevictable, pgfault, pgmajfault: the
 *       {@code total_*} keys / the plain keys;</li>
 *   <li>maxUsage: {@code memory.max_usage_in_bytes} / {@code memory.peak} (kernels 5.19 and later).</li>
 * </ul>
 *
 * @param rawStat every key of the version's {@code memory.stat} as read (key names differ between versions)
 */
public record MemoryStats(OptionalLong usageBytes, OptionalLong workingSetBytes, OptionalLong rssBytes,
             OptionalLong cacheBytes, OptionalLong swapBytes, OptionalLong mappedFileBytes,
             OptionalLong kernelBytes, OptionalLong shmemBytes, OptionalLong dirtyBytes,
             OptionalLong writebackBytes, OptionalLong activeAnonBytes, OptionalLong inactiveAnonBytes,
             OptionalLong activeFileBytes, OptionalLong inactiveFileBytes,
             OptionalLong unevictableBytes, OptionalLong pgfault, OptionalLong pgmajfault,
             OptionalLong maxUsageBytes, KeyedValues rawStat) {

  /** All fields empty. */
  public static final MemoryStats EMPTY = new MemoryStats(OptionalLong.empty(), OptionalLong.empty(),
      OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
      OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
      OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
      OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
      KeyedValues.EMPTY);

  public MemoryStats {
    Objects.requireNonNull(rawStat, "rawStat");
  }

  /**
   * Usage minus inactive file pages, clamped at 0 (the kubelet's and cAdvisor's working set); empty unless
   * both are known.
   */
  public static OptionalLong workingSet(OptionalLong usage, OptionalLong inactiveFile) {
    if (usage.isEmpty() || inactiveFile.isEmpty()) {
      return OptionalLong.empty();
    }
    long u = usage.getAsLong();
    long inactive = inactiveFile.getAsLong();
    return OptionalLong.of(Long.compareUnsigned(u, inactive) > 0 ? u - inactive : 0);
  }
}
