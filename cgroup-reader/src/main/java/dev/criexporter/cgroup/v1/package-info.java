/** Parsers and records for cgroup v1 interface files (cpu, cpuacct, memory, pids, blkio controllers). */
package dev.criexporter.cgroup.v1;
