/** Parsers and records for cgroup v2 interface files, including pressure stall information. */
package dev.criexporter.cgroup.v2;
