package dev.criexporter.cgroup.parse;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A fixed set of known keys of one file format, looked up from a region of text without allocating. Known keys
 * map to dense indexes {@code 0..size()-1}, in the order given.
 */
public final class KeyTable {

  private final String[] keys;
  private final int[] slots; // index + 1, or 0 for an empty slot
  private final int mask;

  private KeyTable(String[] keys) {
    this.keys = keys;
    int capacity = Integer.highestOneBit(Math.max(4, keys.length * 4) - 1) << 1;
    this.slots = new int[capacity];
    this.mask = capacity - 1;
    for (int i = 0; i < keys.length; i++) {
      String key = keys[i];
      int slot = hash(key, 0, key.length()) & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = i + 1;
    }
  }

  /**
   * A table of distinct keys.
   *
   * @throws IllegalArgumentException on a duplicate or empty key
   */
  public static KeyTable of(String... keys) {
    Set<String> seen = new HashSet<>();
    for (String key : keys) {
      if (key.isEmpty() || !seen.add(key)) {
        throw new IllegalArgumentException("empty or duplicate key: '" + key + "'");
      }
    }
    return new KeyTable(keys.clone());
  }

  public int size() {
    return keys.length;
  }

  public String key(int index) {
    return keys[index];
  }

  public List<String> keys() {
    return List.of(keys);
  }

  /**
   * The index of a known key.
   *
   * @throws IllegalArgumentException if {@code key} is not in the table
   */
  public int indexOf(String key) {
    int index = indexOf(key, 0, key.length());
    if (index < 0) {
      throw new IllegalArgumentException("unknown key '" + key + "' (known: " + Arrays.toString(keys) + ")");
    }
    return index;
  }

  /** The index of the key spelled by {@code [start, end)}, or -1 if unknown. */
  public int indexOf(CharSequence text, int start, int end) {
    int slot = hash(text, start, end) & mask;
    while (true) {
      int entry = slots[slot];
      if (entry == 0) {
        return -1;
      }
      if (Text.regionEquals(text, start, end, keys[entry - 1])) {
        return entry - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  private static int hash(CharSequence text, int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + text.charAt(i);
    }
    return h ^ (h >>> 16);
  }
}
