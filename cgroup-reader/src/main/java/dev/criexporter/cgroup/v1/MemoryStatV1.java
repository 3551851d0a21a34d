package dev.criexporter.cgroup.v1;

import dev.criexporter.cgroup.parse.FlatKeyed;
import dev.criexporter.cgroup.parse.KeyTable;
import dev.criexporter.cgroup.parse.KeyedValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * cgroup v1 {@code memory.stat}: every key the kernel wrote (see {@link #values()}) plus typed accessors for the
 * hierarchical {@code total_*} values, which include descendants and are what container metrics use. Plain keys
 * (e.g. {@code rss}) cover the cgroup's own pages only; read them with {@link #get(String)}.
 */
public record MemoryStatV1(KeyedValues values) {

  private static final String[] LOCAL_KEYS = {
    "cache", "rss", "rss_huge", "shmem", "mapped_file", "dirty", "writeback", "swap", "swapcached", "pgpgin",
    "pgpgout", "pgfault", "pgmajfault", "inactive_anon", "active_anon", "inactive_file", "active_file",
    "unevictable", "workingset_refault_anon", "workingset_refault_file", "workingset_activate_anon",
    "workingset_activate_file", "workingset_restore_anon", "workingset_restore_file",
    "workingset_nodereclaim"
  };

  /** Keys documented in the kernel's cgroup-v1/memory.rst, each plain and with its {@code total_} twin. */
  private static final KeyTable KEYS = keys();

  private static final int TOTAL_CACHE = KEYS.indexOf("total_cache");
  private static final int TOTAL_RSS = KEYS.indexOf("total_rss");
  private static final int TOTAL_RSS_HUGE = KEYS.indexOf("total_rss_huge");
  private static final int TOTAL_SHMEM = KEYS.indexOf("total_shmem");
  private static final int TOTAL_MAPPED_FILE = KEYS.indexOf("total_mapped_file");
  private static final int TOTAL_DIRTY = KEYS.indexOf("total_dirty");
  private static final int TOTAL_WRITEBACK = KEYS.indexOf("total_writeback");
  private static final int TOTAL_SWAP = KEYS.indexOf("total_swap");
  private static final int TOTAL_PGFAULT = KEYS.indexOf("total_pgfault");
  private static final int TOTAL_PGMAJFAULT = KEYS.indexOf("total_pgmajfault");
  private static final int TOTAL_INACTIVE_ANON = KEYS.indexOf("total_inactive_anon");
  private static final int TOTAL_ACTIVE_ANON = KEYS.indexOf("total_active_anon");
  private static final int TOTAL_INACTIVE_FILE = KEYS.indexOf("total_inactive_file");
  private static final int TOTAL_ACTIVE_FILE = KEYS.indexOf("total_active_file");
  private static final int TOTAL_UNEVICTABLE = KEYS.indexOf("total_unevictable");
  private static final int HIERARCHICAL_MEMORY_LIMIT = KEYS.indexOf("hierarchical_memory_limit");

  public MemoryStatV1 {
    Objects.requireNonNull(values, "values");
  }

  /**
   * Parses the file's text, keeping unknown keys whose value is a number.
   *
   * @throws dev.criexporter.cgroup.parse.CgroupParseException if malformed or empty
   */
  public static MemoryStatV1 parse(CharSequence text) {
    return new MemoryStatV1(FlatKeyed.parseNonEmpty(text, KEYS, true, V1Files.MEMORY_STAT));
  }

  /** Any key's value. */
  public OptionalLong get(String key) {
    return values.get(key);
  }

  public OptionalLong totalCache() {
    return values.get(TOTAL_CACHE);
  }

  public OptionalLong totalRss() {
    return values.get(TOTAL_RSS);
  }

  public OptionalLong totalRssHuge() {
    return values.get(TOTAL_RSS_HUGE);
  }

  public OptionalLong totalShmem() {
    return values.get(TOTAL_SHMEM);
  }

  public OptionalLong totalMappedFile() {
    return values.get(TOTAL_MAPPED_FILE);
  }

  public OptionalLong totalDirty() {
    return values.get(TOTAL_DIRTY);
  }

  public OptionalLong totalWriteback() {
    return values.get(TOTAL_WRITEBACK);
  }

  /** Swap usage; the kernel writes it only when swap accounting is on. */
  public OptionalLong totalSwap() {
    return values.get(TOTAL_SWAP);
  }

  public OptionalLong totalPgfault() {
    return values.get(TOTAL_PGFAULT);
  }

  public OptionalLong totalPgmajfault() {
    return values.get(TOTAL_PGMAJFAULT);
  }

  public OptionalLong totalInactiveAnon() {
    return values.get(TOTAL_INACTIVE_ANON);
  }

  public OptionalLong totalActiveAnon() {
    return values.get(TOTAL_ACTIVE_ANON);
  }

  public OptionalLong totalInactiveFile() {
    return values.get(TOTAL_INACTIVE_FILE);
  }

  public OptionalLong totalActiveFile() {
    return values.get(TOTAL_ACTIVE_FILE);
  }

  public OptionalLong totalUnevictable() {
    return values.get(TOTAL_UNEVICTABLE);
  }

  /** The tightest memory limit along the cgroup's ancestry, raw (the huge "no limit" value included). */
  public OptionalLong hierarchicalMemoryLimit() {
    return values.get(HIERARCHICAL_MEMORY_LIMIT);
  }

  private static KeyTable keys() {
    List<String> keys = new ArrayList<>();
    for (String key : LOCAL_KEYS) {
      keys.add(key);
      keys.add("total_" + key);
    }
    keys.add("hierarchical_memory_limit");
    keys.add("hierarchical_memsw_limit");
    return KeyTable.of(keys.toArray(String[]::new));
  }
}
