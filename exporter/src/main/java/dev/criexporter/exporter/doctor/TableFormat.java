package dev.criexporter.exporter.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * The report as a table for people: one row per check with its result and evidence, the remedy
 * under every check that did not pass, and a summary line. Long text is wrapped in its column.
 */
public final class TableFormat {
  private TableFormat() {
  }

  /** Total line width the evidence column is wrapped to. */
  static final int WIDTH = 120;
  private static final String FIX = "fix: ";

  public static String render(DoctorReport report) {
    int checkWidth = "CHECK".length();
    for (CheckResult r : report.results()) {
      checkWidth = Math.max(checkWidth, r.check().label().length());
    }
    int resultWidth = "critical".length();
    String indent = " ".repeat(checkWidth + 2 + resultWidth + 2);
    int textWidth = Math.max(40, WIDTH - indent.length());
    StringBuilder b = new StringBuilder();
    b.append(pad("CHECK", checkWidth)).append("  ").append(pad("RESULT", resultWidth))
        .append("  EVIDENCE\n");
    for (CheckResult r : report.results()) {
      List<String> lines = wrap(r.evidence(), textWidth, textWidth);
      b.append(pad(r.check().label(), checkWidth)).append("  ")
          .append(pad(r.outcome().label(), resultWidth)).append("  ").append(lines.get(0))
          .append('\n');
      for (int i = 1; i < lines.size(); i++) {
        b.append(indent).append(lines.get(i)).append('\n');
      }
      if (!r.passed()) {
        List<String> fix = wrap(FIX + r.remedy(), textWidth, textWidth - FIX.length());
        for (int i = 0; i < fix.size(); i++) {
          b.append(indent).append(i == 0 ? "" : " ".repeat(FIX.length())).append(fix.get(i))
              .append('\n');
        }
      }
    }
    b.append('\n').append(summary(report)).append('\n');
    return b.toString();
  }

  /** {@code 17 checks: 12 ok, 3 warn, 1 critical, 1 unknown; exit code 2}. */
  public static String summary(DoctorReport report) {
    List<String> parts = new ArrayList<>();
    for (Outcome o : Outcome.values()) {
      parts.add(report.count(o) + " " + o.label());
    }
    return report.results().size() + " checks: " + String.join(", ", parts) + "; exit code "
        + report.exitCode();
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  /**
   * Greedy word wrap to {@code first} columns on the first line and {@code rest} on the others;
   * a word longer than that gets a line of its own.
   */
  static List<String> wrap(String text, int first, int rest) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.strip().split("\\s+")) {
      int limit = lines.isEmpty() ? first : rest;
      if (line.length() > 0 && line.length() + 1 + word.length() > limit) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
