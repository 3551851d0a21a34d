package dev.criexporter.cgroup.v2;

import dev.criexporter.cgroup.parse.CgroupParseException;
import dev.criexporter.cgroup.parse.Numbers;
import dev.criexporter.cgroup.parse.Text;
import java.util.Objects;
import java.util.Optional;

/**
 * A pressure stall information file ({@code cpu.pressure}, {@code memory.pressure}, {@code io.pressure}):
 * {@code some avg10=.. avg60=.. avg300=.. total=..} and, for memory and io (and cpu on kernels 5.13 and later),
 * a {@code full} line.
 */
public record Pressure(PressureLine some, Optional<PressureLine> full) {

  private static final int AVG10 = 0;
  private static final int AVG60 = 1;
  private static final int AVG300 = 2;
  private static final int TOTAL = 3;

  public Pressure {
    Objects.requireNonNull(some, "some");
    Objects.requireNonNull(full, "full");
  }

  /**
   * Parses the text of the file named {@code file}. Lines other than {@code some}/{@code full} and unknown
   * fields are ignored.
   *
   * @throws CgroupParseException if the {@code some} line is missing or a line lacks one of the four fields
   */
  public static Pressure parse(CharSequence text, String file) {
    PressureLine some = null;
    PressureLine full = null;
    int len = text.length();
    int pos = 0;
    while (pos < len) {
      int eol = Text.lineEnd(text, pos);
      int kindStart = Text.skipBlank(text, pos, eol);
      int kindEnd = Text.tokenEnd(text, kindStart, eol);
      if (Text.regionEquals(text, kindStart, kindEnd, "some")) {
        some = parseLine(text, kindEnd, eol, file);
      } else if (Text.regionEquals(text, kindStart, kindEnd, "full")) {
        full = parseLine(text, kindEnd, eol, file);
      }
      pos = eol + 1;
    }
    if (some == null) {
      throw new CgroupParseException(file, Text.isBlankText(text) ? "empty" : "no 'some' line");
    }
    return new Pressure(some, Optional.ofNullable(full));
  }

  private static PressureLine parseLine(CharSequence text, int from, int eol, String file) {
    double avg10 = Double.NaN;
    double avg60 = Double.NaN;
    double avg300 = Double.NaN;
    long total = 0;
    int seen = 0;
    int fieldStart = Text.skipBlank(text, from, eol);
    while (fieldStart < eol) {
      int fieldEnd = Text.tokenEnd(text, fieldStart, eol);
      int eq = Text.indexOf(text, '=', fieldStart, fieldEnd);
      if (eq <= fieldStart) {
        throw new CgroupParseException(file, "expected key=value, found "
            + Text.snippet(text, fieldStart, fieldEnd));
      }
      int field = fieldIndex(text, fieldStart, eq);
      switch (field) {
        case AVG10 -> avg10 = Numbers.parseDecimal(text, eq + 1, fieldEnd, file);
        case AVG60 -> avg60 = Numbers.parseDecimal(text, eq + 1, fieldEnd, file);
        case AVG300 -> avg300 = Numbers.parseDecimal(text, eq + 1, fieldEnd, file);
        case TOTAL -> total = Numbers.parseUnsigned(text, eq + 1, fieldEnd, file);
        default -> {
          // a field added by a later kernel
        }
      }
      if (field >= 0) {
        seen |= 1 << field;
      }
      fieldStart = Text.skipBlank(text, fieldEnd, eol);
    }
    if (seen != 0b1111) {
      throw new CgroupParseException(file, "line lacks one of avg10, avg60, avg300, total: "
          + Text.snippet(text, from, eol));
    }
    return new PressureLine(avg10, avg60, avg300, total);
  }

  private static int fieldIndex(CharSequence text, int start, int end) {
    if (Text.regionEquals(text, start, end, "avg10")) {
      return AVG10;
    }
    if (Text.regionEquals(text, start, end, "avg60")) {
      return AVG60;
    }
    if (Text.regionEquals(text, start, end, "avg300")) {
      return AVG300;
    }
    if (Text.regionEquals(text, start, end, "total")) {
      return TOTAL;
    }
    return -1;
  }
}
