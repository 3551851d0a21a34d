package dev.criexporter.simulator;

/** Counters of a pod's {@code eth0}, in its network namespace. */
public record NetworkStats(String interfaceName, long rxBytes, long rxErrors, long txBytes, long txErrors) {
}
