package dev.criexporter.testsupport.prometheus;

/** Prometheus could not be started or did not become ready; the message carries its log tail. */
public final class PrometheusStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PrometheusStartException(String message) {
    super(message);
  }

  public PrometheusStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
