package dev.criexporter.cgroup.stats;

import java.util.OptionalLong;

/**
 * Memory event counters. cgroup v2 fills the first six from {@code memory.events}; cgroup v1 fills
 * {@code oomKill} from {@code memory.oom_control} and {@code failcnt} from {@code memory.failcnt} (times usage
 * hit the limit) and leaves the rest empty.
 */
public record MemoryEvents(OptionalLong low, OptionalLong high, OptionalLong max, OptionalLong oom,
              OptionalLong oomKill, OptionalLong oomGroupKill, OptionalLong failcnt) {

  /** All fields empty. */
  public static final MemoryEvents EMPTY = new MemoryEvents(OptionalLong.empty(), OptionalLong.empty(),
      OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
      OptionalLong.empty());
}
