/**
 * A real Prometheus server for tests: {@link dev.criexporter.testsupport.prometheus.PrometheusServer}
 * starts the installed {@code prometheus} binary on a free loopback port with a generated
 * configuration (scrape jobs, rule files) in a work directory, waits until it is ready, answers
 * instant queries and reports targets and rule evaluations through the HTTP API, and stops the
 * process it started by its PID. {@link dev.criexporter.testsupport.prometheus.Promtool} runs
 * {@code promtool} checks and rule unit tests.
 *
 * <p>Both need Debian's {@code prometheus} package ({@code apt-get install -y prometheus}); without
 * it a test is skipped, or fails under {@code CI=true}.
 */
package dev.criexporter.testsupport.prometheus;
