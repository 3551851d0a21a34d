package dev.criexporter.cgroup.v2;

import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.parse.CgroupParseException;
import dev.criexporter.cgroup.parse.Numbers;
import dev.criexporter.cgroup.parse.SingleValue;
import dev.criexporter.cgroup.parse.Text;
import java.util.Objects;

/**
 * cgroup v2 {@code cpu.max}: {@code $MAX $PERIOD}, e.g. {@code max 100000} or {@code 50000 100000}.
 *
 * @param quotaUsec the quota per period in microseconds, or unlimited for {@code max}
 * @param periodUsec the period in microseconds
 */
public record CpuMax(Limit quotaUsec, long periodUsec) {

  public CpuMax {
    Objects.requireNonNull(quotaUsec, "quotaUsec");
  }

  /**
   * Parses the file's text.
   *
   * @throws CgroupParseException unless the text is exactly a quota ({@code max} or a number) and a period
   */
  public static CpuMax parse(CharSequence text) {
    String file = V2Files.CPU_MAX;
    int eol = Text.lineEnd(text, 0);
    if (!Text.isBlankRegion(text, eol, text.length())) {
      throw new CgroupParseException(file, "expected one line");
    }
    int quotaStart = Text.skipBlank(text, 0, eol);
    int quotaEnd = Text.tokenEnd(text, quotaStart, eol);
    int periodStart = Text.skipBlank(text, quotaEnd, eol);
    int periodEnd = Text.tokenEnd(text, periodStart, eol);
    if (quotaStart == quotaEnd || periodStart == periodEnd) {
      throw new CgroupParseException(file, "expected '$MAX $PERIOD', found " + Text.snippet(text, 0, eol));
    }
    if (Text.skipBlank(text, periodEnd, eol) != eol) {
      throw new CgroupParseException(file, "more than two fields: " + Text.snippet(text, 0, eol));
    }
    Limit quota = Text.regionEquals(text, quotaStart, quotaEnd, SingleValue.MAX)
        ? Limit.unlimited()
        : Limit.of(Numbers.parseUnsigned(text, quotaStart, quotaEnd, file));
    return new CpuMax(quota, Numbers.parseUnsigned(text, periodStart, periodEnd, file));
  }
}
