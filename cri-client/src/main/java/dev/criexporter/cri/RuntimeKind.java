package dev.criexporter.cri;

import java.util.Locale;

/** Runtime families whose quirks the exporter knows about. */
public enum RuntimeKind {
  CONTAINERD,
  CRIO,
  CRI_DOCKERD,
  OTHER;

  /** Maps {@code VersionResponse.runtime_name} to a family. */
  public static RuntimeKind fromName(String runtimeName) {
    String n = runtimeName == null ? "" : runtimeName.toLowerCase(Locale.ROOT);
    if (n.equals("containerd")) {
      return CONTAINERD;
    }
    if (n.equals("cri-o") || n.equals("crio")) {
      return CRIO;
    }
    if (n.equals("docker") || n.contains("dockerd")) {
      return CRI_DOCKERD;
    }
    return OTHER;
  }
}
