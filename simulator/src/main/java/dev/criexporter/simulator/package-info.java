/**
 * A simulated Kubernetes node and its cgroup tree, for tests, benchmarks and demonstrations.
 *
 * <ul>
 *   <li>{@link dev.criexporter.simulator.SimulatedNode}: pods and containers with kubelet-style metadata,
 *       generated from a seed; statistics are a pure function of time
 *       ({@link dev.criexporter.simulator.SimContainer#sample}); churn (restart, remove, add, replace).</li>
 *   <li>{@link dev.criexporter.simulator.CgroupTreeWriter}: the node's cgroups as files in the kernel's formats
 *       (v2 or hybrid v1) and a runtime's {@link dev.criexporter.simulator.CgroupLayout}, updated in place.</li>
 *   <li>{@link dev.criexporter.simulator.CgroupV2Files}, {@link dev.criexporter.simulator.CgroupV1Files}:
 *       the text of single cgroup files, for parser tests.</li>
 *   <li>{@link dev.criexporter.simulator.ManualClock}: time that moves only when told.</li>
 * </ul>
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
 * SimulatedNode node = SimulatedNode.builder().seed(42).containers(1_000).clock(clock).build();
 * CgroupTreeWriter tree = CgroupTreeWriter.create(node, dir, CgroupVersion.V2, CgroupLayout.CONTAINERD_SYSTEMD);
 * tree.update(clock.instant());
 * clock.advance(Duration.ofSeconds(15));
 * node.churn(5, 2);
 * tree.update(clock.instant());
 * }</pre>
 *
 * <p>Nothing here depends on a test framework: the exporter's demonstration mode can use it at run time.
 */
package dev.criexporter.simulator;
