package dev.criexporter.cgroup;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A cgroup limit: a finite value, explicitly unlimited ({@code max}, {@code -1}, or the v1 "no limit" huge value),
 * or absent (the file does not exist for this cgroup, or was not read). Never encoded as 0.
 *
 * <p>A finite value is an unsigned 64-bit number stored in a {@code long}; the unit depends on the file
 * (bytes, microseconds, a count).
 */
public record Limit(Kind kind, long value) {

  /** Which of the three cases a {@link Limit} is. */
  public enum Kind { FINITE, UNLIMITED, ABSENT }

  private static final Limit UNLIMITED = new Limit(Kind.UNLIMITED, 0);
  private static final Limit ABSENT = new Limit(Kind.ABSENT, 0);

  public Limit {
    Objects.requireNonNull(kind, "kind");
    if (kind != Kind.FINITE && value != 0) {
      throw new IllegalArgumentException("a " + kind + " limit carries no value");
    }
  }

  /** A finite limit; {@code value} is read as unsigned. */
  public static Limit of(long value) {
    return new Limit(Kind.FINITE, value);
  }

  public static Limit unlimited() {
    return UNLIMITED;
  }

  public static Limit absent() {
    return ABSENT;
  }

  /**
   * The finite value.
   *
   * @throws IllegalStateException if this limit is unlimited or absent
   */
  @Override
  public long value() {
    if (kind != Kind.FINITE) {
      throw new IllegalStateException("limit is " + kind + ", it has no value");
    }
    return value;
  }

  public boolean isFinite() {
    return kind == Kind.FINITE;
  }

  public boolean isUnlimited() {
    return kind == Kind.UNLIMITED;
  }

  public boolean isAbsent() {
    return kind == Kind.ABSENT;
  }

  /** The value if finite, else empty. */
  public OptionalLong finiteValue() {
    return kind == Kind.FINITE ? OptionalLong.of(value) : OptionalLong.empty();
  }

  @Override
  public String toString() {
    return switch (kind) {
      case FINITE -> Long.toUnsignedString(value);
      case UNLIMITED -> "unlimited";
      case ABSENT -> "absent";
    };
  }
}
