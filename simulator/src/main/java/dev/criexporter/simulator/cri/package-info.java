/**
 * Fake CRI runtimes on Unix sockets, answering from a {@link dev.criexporter.simulator.SimulatedNode}.
 *
 * <ul>
 *   <li>{@link dev.criexporter.simulator.cri.FakeCriServer}: RuntimeService's read calls, shaped like containerd
 *       or CRI-O ({@link dev.criexporter.simulator.cri.RuntimePersonality}), with injectable
 *       {@link dev.criexporter.simulator.cri.Faults} and per-method call counts.</li>
 *   <li>{@link dev.criexporter.simulator.cri.FakeHost}: a node, its cgroup tree and its runtime under one host
 *       root, always in agreement.</li>
 *   <li>{@link dev.criexporter.simulator.cri.NotACriServer}: a socket that is not a CRI runtime.</li>
 * </ul>
 *
 * <pre>{@code
 * try (FakeHost host = FakeHost.builder(tempDir).containers(200).personality(RuntimePersonality.CRIO).start()) {
 *     host.runtime().faults().delay(CriMethod.LIST_CONTAINER_STATS, Duration.ofSeconds(3));
 *     host.advance(Duration.ofSeconds(15));
 * }
 * }</pre>
 *
 * <p>Nothing here depends on a test framework: the exporter's demonstration mode can use it at run time.
 */
package dev.criexporter.simulator.cri;
