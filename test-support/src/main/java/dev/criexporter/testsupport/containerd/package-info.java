/**
 * A real containerd for end-to-end tests, private to each test and removed without a trace.
 *
 * <p>{@link dev.criexporter.testsupport.containerd.PrivateContainerd} starts containerd as a
 * child process with all its state under a work directory, imports a busybox image built on the
 * spot ({@link dev.criexporter.testsupport.containerd.BusyboxImage}; no registry is needed) and
 * serves the CRI on a Unix socket. {@link dev.criexporter.testsupport.containerd.TestPods}
 * creates host-network pods through the CRI the way kubelet does (labels, cgroupfs layout
 * {@code /kubepods/<qos>/pod<uid>}), from {@link dev.criexporter.testsupport.containerd.PodSpec}s
 * and {@link dev.criexporter.testsupport.containerd.ContainerSpec}s; ready-made workloads with
 * known CPU and memory behaviour are in {@link dev.criexporter.testsupport.containerd.Workloads}.
 *
 * <pre>{@code
 * @TempDir Path tempDir;
 *
 * @Test
 * void exportsTheBurnersCpu() {
 *     try (PrivateContainerd containerd = PrivateContainerd.startOrAbort(tempDir.resolve("containerd"))) {
 *         RunningPod pod = containerd.pods().run(PodSpec.builder("burner-pod")
 *                 .container(Workloads.cpuBurner("burner"))
 *                 .container(Workloads.memoryHolder("holder"))
 *                 .build());
 *         // start the exporter against containerd.endpoint(); compare with containerd.metricsUri()
 *     }
 * }
 * }</pre>
 *
 * <p>Where containerd cannot run (not root, packages missing) {@code startOrAbort} skips the
 * test, or fails it when the environment has {@code CI=true}. Fault tests use
 * {@link dev.criexporter.testsupport.containerd.PrivateContainerd#kill9()} and
 * {@link dev.criexporter.testsupport.containerd.PrivateContainerd#restart()}.
 */
package dev.criexporter.testsupport.containerd;
