package dev.criexporter.testsupport.prometheus;

/** The Prometheus HTTP API refused a request (bad query, evaluation error) or could not be reached. */
public final class PrometheusQueryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PrometheusQueryException(String message) {
    super(message);
  }

  public PrometheusQueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
