/**
 * Reading one cgroup's files with {@link dev.criexporter.cgroup.read.CgroupReader}: only the files of the wanted
 * {@link dev.criexporter.cgroup.read.StatGroup}s, with per-file failures and a "gone" outcome instead of
 * exceptions.
 */
package dev.criexporter.cgroup.read;
