package dev.criexporter.cri;

/**
 * Who answered on the CRI socket, as the runtime itself reports through {@code Version}.
 *
 * @param name runtime name, e.g. {@code containerd} or {@code cri-o}
 * @param version runtime version, e.g. {@code 1.6.20~ds1}
 * @param apiVersion CRI API version, e.g. {@code v1}
 * @param endpoint the endpoint the answer came from, e.g. {@code unix:///run/containerd/containerd.sock}
 */
public record RuntimeIdentity(String name, String version, String apiVersion, String endpoint) {

  /** The runtime family, from its reported name. */
  public RuntimeKind kind() {
    return RuntimeKind.fromName(name);
  }
}
