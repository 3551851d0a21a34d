package dev.criexporter.exporter;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the host and its runtime are: the flags the exporter and the doctor share. */
public final class HostOptions {

  @Option(names = "--path.hostroot", paramLabel = "DIR",
      defaultValue = "${env:CRI_EXPORTER_PATH_HOSTROOT:-/}",
      description = "Where the host's root filesystem is mounted (default: ${DEFAULT-VALUE}).")
  public Path hostRoot;

  @Option(names = "--path.cgroup", paramLabel = "DIR",
      defaultValue = "${env:CRI_EXPORTER_PATH_CGROUP}",
      description = "cgroup root to read (default: <hostroot>/sys/fs/cgroup).")
  public Path cgroupRoot;

  @Option(names = "--cri.endpoint", paramLabel = "URI",
      defaultValue = "${env:CRI_EXPORTER_CRI_ENDPOINT}",
      description = "CRI socket, e.g. unix:///run/containerd/containerd.sock. Default:"
          + " $CONTAINER_RUNTIME_ENDPOINT, else the first well-known socket found under"
          + " --path.hostroot.")
  public String criEndpoint;
}
