package dev.criexporter.simulator;

/**
 * Pressure-stall information of one resource, as in {@code cpu.pressure}: the share of time some (or all)
 * tasks waited, as running averages in percent, and the total stall time in microseconds.
 */
public record Pressure(Line some, Line full) {

  public static final Pressure ZERO = new Pressure(Line.ZERO, Line.ZERO);

  /** One line of a pressure file. Averages are percentages with two decimals. */
  public record Line(double avg10, double avg60, double avg300, long totalMicros) {

    public static final Line ZERO = new Line(0, 0, 0, 0);

    /**
     * Stall time does not add up across cgroups (the parent stalls when any child does, often at the same
     * moment): the combination keeps the larger of each value.
     */
    public Line totalOnly() {
      return new Line(0, 0, 0, totalMicros);
    }

    public Line combine(Line o) {
      return new Line(Math.max(avg10, o.avg10), Math.max(avg60, o.avg60), Math.max(avg300, o.avg300),
          Math.max(totalMicros, o.totalMicros));
    }
  }

  /** The stall totals without the running averages: what a removed cgroup leaves in its parent. */
  public Pressure totalsOnly() {
    return new Pressure(some.totalOnly(), full.totalOnly());
  }

  public Pressure combine(Pressure o) {
    return new Pressure(some.combine(o.some), full.combine(o.full));
  }
}
