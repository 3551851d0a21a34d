package dev.criexporter.cgroup.v2;

/**
 * One line of a pressure stall information file.
 *
 * @param avg10 share of wall time stalled over the last 10 s, in percent
 * @param avg60 the same over 60 s
 * @param avg300 the same over 300 s
 * @param totalUsec total stall time in microseconds (a counter)
 */
public record PressureLine(double avg10, double avg60, double avg300, long totalUsec) {
}
