package dev.criexporter.exporter;

/** The small HTML page served at {@code /}. */
final class LandingPage {
  private LandingPage() {
  }

  static String html(ExporterConfig c, BuildInfo b) {
    String p = escape(c.metricsPath());
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>cri-exporter</title></head>
        <body>
        <h1>cri-exporter</h1>
        <p>Container metrics from the Kubernetes CRI, cross-checked against cgroups.</p>
        <ul>
        <li><a href="%s">%s</a> &mdash; metrics (Prometheus text or OpenMetrics)</li>
        <li><a href="/healthz">/healthz</a> &mdash; liveness</li>
        <li><a href="/readyz">/readyz</a> &mdash; readiness (after the first poll)</li>
        </ul>
        <p>Version %s (%s); polling every %s s.</p>
        </body></html>
        """.formatted(p, p, escape(b.version()), escape(b.revision()),
        c.pollInterval().toMillis() / 1000.0);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
