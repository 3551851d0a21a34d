package dev.criexporter.cri;

/** Receives the outcome of every CRI call, for latency and error metrics. */
@FunctionalInterface
public interface CallObserver {

  /**
   * @param method the CRI method, e.g. {@code ListContainerStats}
   * @param code the gRPC status code name, {@code OK} on success
   * @param nanos how long the call took
   */
  void onCall(String method, String code, long nanos);

  CallObserver NONE = (m, c, n) -> { };
}
