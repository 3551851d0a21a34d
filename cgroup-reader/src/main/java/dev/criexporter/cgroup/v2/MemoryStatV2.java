package dev.criexporter.cgroup.v2;

import dev.criexporter.cgroup.parse.FlatKeyed;
import dev.criexporter.cgroup.parse.KeyTable;
import dev.criexporter.cgroup.parse.KeyedValues;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * cgroup v2 {@code memory.stat}: every key the kernel wrote (see {@link #values()}) plus typed accessors for the
 * ones the exporter uses. Byte amounts unless the name says otherwise; all values are hierarchical.
 */
public record MemoryStatV2(KeyedValues values) {

  /** Keys documented in the kernel's cgroup-v2.rst; others are still kept, just without an interned name. */
  private static final KeyTable KEYS = KeyTable.of(
      "anon", "file", "kernel", "kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock", "vmalloc",
      "shmem", "zswap", "zswapped", "file_mapped", "file_dirty", "file_writeback", "swapcached", "anon_thp",
      "file_thp", "shmem_thp", "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable",
      "slab_reclaimable", "slab_unreclaimable", "slab", "workingset_refault_anon", "workingset_refault_file",
      "workingset_activate_anon", "workingset_activate_file", "workingset_restore_anon",
      "workingset_restore_file", "workingset_nodereclaim", "pswpin", "pswpout", "pgscan", "pgsteal",
      "pgscan_kswapd", "pgscan_direct", "pgscan_khugepaged", "pgsteal_kswapd", "pgsteal_direct",
      "pgsteal_khugepaged", "pgfault", "pgmajfault", "pgrefill", "pgactivate", "pgdeactivate", "pglazyfree",
      "pglazyfreed", "zswpin", "zswpout", "zswpwb", "thp_fault_alloc", "thp_collapse_alloc", "thp_swpout",
      "thp_swpout_fallback", "numa_pages_migrated", "numa_pte_updates", "numa_hint_faults", "hugetlb");

  private static final int ANON = KEYS.indexOf("anon");
  private static final int FILE = KEYS.indexOf("file");
  private static final int KERNEL = KEYS.indexOf("kernel");
  private static final int KERNEL_STACK = KEYS.indexOf("kernel_stack");
  private static final int SLAB = KEYS.indexOf("slab");
  private static final int SOCK = KEYS.indexOf("sock");
  private static final int SHMEM = KEYS.indexOf("shmem");
  private static final int FILE_MAPPED = KEYS.indexOf("file_mapped");
  private static final int FILE_DIRTY = KEYS.indexOf("file_dirty");
  private static final int FILE_WRITEBACK = KEYS.indexOf("file_writeback");
  private static final int ACTIVE_ANON = KEYS.indexOf("active_anon");
  private static final int INACTIVE_ANON = KEYS.indexOf("inactive_anon");
  private static final int ACTIVE_FILE = KEYS.indexOf("active_file");
  private static final int INACTIVE_FILE = KEYS.indexOf("inactive_file");
  private static final int UNEVICTABLE = KEYS.indexOf("unevictable");
  private static final int PGFAULT = KEYS.indexOf("pgfault");
  private static final int PGMAJFAULT = KEYS.indexOf("pgmajfault");
  private static final int WORKINGSET_REFAULT_ANON = KEYS.indexOf("workingset_refault_anon");
  private static final int WORKINGSET_REFAULT_FILE = KEYS.indexOf("workingset_refault_file");

  public MemoryStatV2 {
    Objects.requireNonNull(values, "values");
  }

  /**
   * Parses the file's text, keeping unknown keys whose value is a number.
   *
   * @throws dev.criexporter.cgroup.parse.CgroupParseException if malformed or empty
   */
  public static MemoryStatV2 parse(CharSequence text) {
    return new MemoryStatV2(FlatKeyed.parseNonEmpty(text, KEYS, true, V2Files.MEMORY_STAT));
  }

  /** Any key's value. */
  public OptionalLong get(String key) {
    return values.get(key);
  }

  public OptionalLong anon() {
    return values.get(ANON);
  }

  public OptionalLong file() {
    return values.get(FILE);
  }

  /** Total kernel memory (present on kernels 5.18 and later). */
  public OptionalLong kernel() {
    return values.get(KERNEL);
  }

  public OptionalLong kernelStack() {
    return values.get(KERNEL_STACK);
  }

  public OptionalLong slab() {
    return values.get(SLAB);
  }

  public OptionalLong sock() {
    return values.get(SOCK);
  }

  public OptionalLong shmem() {
    return values.get(SHMEM);
  }

  public OptionalLong fileMapped() {
    return values.get(FILE_MAPPED);
  }

  public OptionalLong fileDirty() {
    return values.get(FILE_DIRTY);
  }

  public OptionalLong fileWriteback() {
    return values.get(FILE_WRITEBACK);
  }

  public OptionalLong activeAnon() {
    return values.get(ACTIVE_ANON);
  }

  public OptionalLong inactiveAnon() {
    return values.get(INACTIVE_ANON);
  }

  public OptionalLong activeFile() {
    return values.get(ACTIVE_FILE);
  }

  public OptionalLong inactiveFile() {
    return values.get(INACTIVE_FILE);
  }

  public OptionalLong unevictable() {
    return values.get(UNEVICTABLE);
  }

  /** Page faults (a count). */
  public OptionalLong pgfault() {
    return values.get(PGFAULT);
  }

  /** Major page faults (a count). */
  public OptionalLong pgmajfault() {
    return values.get(PGMAJFAULT);
  }

  /** Refaults of previously evicted anonymous pages (a count). */
  public OptionalLong workingsetRefaultAnon() {
    return values.get(WORKINGSET_REFAULT_ANON);
  }

  /** Refaults of previously evicted file pages (a count). */
  public OptionalLong workingsetRefaultFile() {
    return values.get(WORKINGSET_REFAULT_FILE);
  }
}
