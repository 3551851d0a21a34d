package dev.criexporter.cgroup.v2;

import dev.criexporter.cgroup.parse.FlatKeyed;
import dev.criexporter.cgroup.parse.KeyTable;
import dev.criexporter.cgroup.parse.KeyedValues;
import java.util.OptionalLong;

/** cgroup v2 {@code memory.events}: hierarchical event counts; a key the kernel does not write is empty. */
public record MemoryEventsV2(OptionalLong low, OptionalLong high, OptionalLong max, OptionalLong oom,
               OptionalLong oomKill, OptionalLong oomGroupKill) {

  private static final KeyTable KEYS = KeyTable.of("low", "high", "max", "oom", "oom_kill", "oom_group_kill");

  /**
   * Parses the file's text; unknown keys are ignored.
   *
   * @throws dev.criexporter.cgroup.parse.CgroupParseException if malformed or empty
   */
  public static MemoryEventsV2 parse(CharSequence text) {
    KeyedValues v = FlatKeyed.parseNonEmpty(text, KEYS, false, V2Files.MEMORY_EVENTS);
    return new MemoryEventsV2(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5));
  }
}
