package dev.criexporter.cgroup.parse;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The unsigned values of a flat-keyed cgroup file ({@code key value} per line): known keys in dense arrays, plus,
 * if asked for, keys the table does not know. Immutable.
 */
public final class KeyedValues {

  private static final String[] NO_KEYS = new String[0];
  private static final long[] NO_VALUES = new long[0];

  /** No keys at all. */
  public static final KeyedValues EMPTY = new Builder(KeyTable.of()).build();

  private final KeyTable table;
  private final long[] values;
  private final long[] present;
  private final String[] extraKeys;
  private final long[] extraValues;

  private KeyedValues(KeyTable table, long[] values, long[] present, String[] extraKeys, long[] extraValues) {
    this.table = table;
    this.values = values;
    this.present = present;
    this.extraKeys = extraKeys;
    this.extraValues = extraValues;
  }

  /** An empty value set over {@code table}. */
  public static KeyedValues empty(KeyTable table) {
    return new Builder(table).build();
  }

  /** The value of a known key, by its {@link KeyTable} index. */
  public OptionalLong get(int knownIndex) {
    return isPresent(knownIndex) ? OptionalLong.of(values[knownIndex]) : OptionalLong.empty();
  }

  /** The value of any key, known or kept unknown. */
  public OptionalLong get(String key) {
    int index = table.indexOf(key, 0, key.length());
    if (index >= 0) {
      return get(index);
    }
    for (int i = extraKeys.length - 1; i >= 0; i--) {
      if (extraKeys[i].equals(key)) {
        return OptionalLong.of(extraValues[i]);
      }
    }
    return OptionalLong.empty();
  }

  /** Number of keys with a value. */
  public int size() {
    int n = extraKeys.length;
    for (long word : present) {
      n += Long.bitCount(word);
    }
    return n;
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  /** Every key and value, sorted by key (allocates a new map on each call). */
  public Map<String, Long> asMap() {
    Map<String, Long> map = new TreeMap<>();
    for (int i = 0; i < values.length; i++) {
      if (isPresent(i)) {
        map.put(table.key(i), values[i]);
      }
    }
    for (int i = 0; i < extraKeys.length; i++) {
      map.put(extraKeys[i], extraValues[i]);
    }
    return Collections.unmodifiableMap(map);
  }

  private boolean isPresent(int index) {
    return (present[index >>> 6] & (1L << index)) != 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyedValues other && asMap().equals(other.asMap());
  }

  @Override
  public int hashCode() {
    return asMap().hashCode();
  }

  @Override
  public String toString() {
    return asMap().toString();
  }

  /** Collects values while parsing; single use (after {@link #build()} it rejects further calls); not thread-safe. */
  public static final class Builder {
    private final KeyTable table;
    private final long[] values;
    private final long[] present;
    private String[] extraKeys = NO_KEYS;
    private long[] extraValues = NO_VALUES;
    private int extraCount;
    private boolean built;

    public Builder(KeyTable table) {
      this.table = Objects.requireNonNull(table, "table");
      this.values = new long[table.size()];
      this.present = new long[(table.size() + 63) >>> 6];
    }

    /** Sets a known key's value; a repeated key keeps the last value. */
    public Builder put(int knownIndex, long value) {
      checkNotBuilt();
      values[knownIndex] = value;
      present[knownIndex >>> 6] |= 1L << knownIndex;
      return this;
    }

    /** Adds a key the table does not know; a repeated key keeps the last value. */
    public Builder putExtra(String key, long value) {
      checkNotBuilt();
      for (int i = 0; i < extraCount; i++) {
        if (extraKeys[i].equals(key)) {
          extraValues[i] = value;
          return this;
        }
      }
      if (extraCount == extraKeys.length) {
        int capacity = Math.max(4, extraCount * 2);
        extraKeys = Arrays.copyOf(extraKeys, capacity);
        extraValues = Arrays.copyOf(extraValues, capacity);
      }
      extraKeys[extraCount] = key;
      extraValues[extraCount] = value;
      extraCount++;
      return this;
    }

    public KeyedValues build() {
      checkNotBuilt();
      built = true;
      return extraCount == 0
          ? new KeyedValues(table, values, present, NO_KEYS, NO_VALUES)
          : new KeyedValues(table, values, present,
              Arrays.copyOf(extraKeys, extraCount), Arrays.copyOf(extraValues, extraCount));
    }

    private void checkNotBuilt() {
      if (built) {
        throw new IllegalStateException("builder already built");
      }
    }
  }
}
