package dev.criexporter.cgroup.v1;

import dev.criexporter.cgroup.parse.FlatKeyed;
import dev.criexporter.cgroup.parse.KeyTable;
import dev.criexporter.cgroup.parse.KeyedValues;
import java.util.OptionalLong;

/**
 * cgroup v1 {@code memory.oom_control}.
 *
 * @param oomKillDisable 1 if the OOM killer is disabled for the cgroup
 * @param underOom 1 while the cgroup is under OOM
 * @param oomKill processes killed by the OOM killer (kernels 4.13 and later)
 */
public record OomControl(OptionalLong oomKillDisable, OptionalLong underOom, OptionalLong oomKill) {

  private static final KeyTable KEYS = KeyTable.of("oom_kill_disable", "under_oom", "oom_kill");

  /**
   * Parses the file's text; unknown keys are ignored.
   *
   * @throws dev.criexporter.cgroup.parse.CgroupParseException if malformed or empty
   */
  public static OomControl parse(CharSequence text) {
    KeyedValues v = FlatKeyed.parseNonEmpty(text, KEYS, false, V1Files.MEMORY_OOM_CONTROL);
    return new OomControl(v.get(0), v.get(1), v.get(2));
  }
}
