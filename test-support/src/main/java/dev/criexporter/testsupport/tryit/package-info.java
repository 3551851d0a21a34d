/**
 * try-it: cri-exporter on a real, private node in one command ({@code scripts/try-it.sh}).
 *
 * <p>{@link dev.criexporter.testsupport.tryit.TryIt} starts a private containerd (the
 * {@code containerd} package's harness) with four demo pods, the exporter from its shaded jar
 * and Prometheus with the bundled alert rules, all on 127.0.0.1 with their state under one
 * directory, reports each step with its duration, and on Ctrl-C or SIGTERM stops and removes all
 * of it. A state file in that directory lets {@code TryIt --down} stop it from another shell,
 * or clean up after one that was killed.
 */
package dev.criexporter.testsupport.tryit;
