/**
 * Reading container statistics from cgroup v1 and v2 files.
 *
 * <p>Typical use: detect the layout once, then resolve and read each container per poll.
 * <pre>{@code
 * HostCgroups host = HostCgroups.detect(Path.of("/sys/fs/cgroup"));
 * CgroupPathResolver resolver = new CgroupPathResolver(host);
 * CgroupReader reader = new CgroupReader(host);
 *
 * Optional<String> path = resolver.resolve(containerId, runtimeCgroupsPath);
 * CgroupReadResult result = reader.read(path.get(), EnumSet.of(StatGroup.CPU, StatGroup.MEMORY));
 * }</pre>
 *
 * <p>Subpackages: {@code parse} (text scanning shared by the parsers), {@code v1} and {@code v2} (one parser and
 * record per kernel file), {@code stats} (the version-independent view), {@code read} (file I/O and error
 * classification), {@code path} (container id to cgroup path).
 */
package dev.criexporter.cgroup;
