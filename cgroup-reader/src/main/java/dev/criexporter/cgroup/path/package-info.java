/**
 * From a container id to its cgroup path: the runtime's {@code cgroupsPath} when known, else an index built by
 * walking the hierarchy, which also lists every container cgroup for finding unexplained ones.
 */
package dev.criexporter.cgroup.path;
