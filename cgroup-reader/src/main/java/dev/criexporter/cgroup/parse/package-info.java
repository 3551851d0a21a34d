/**
 * Allocation-light scanning of cgroup file text: numbers, single values, flat-keyed files. Parsers take a
 * {@link java.lang.CharSequence} and throw {@link dev.criexporter.cgroup.parse.CgroupParseException} on text that
 * does not have the kernel's format.
 */
package dev.criexporter.cgroup.parse;
