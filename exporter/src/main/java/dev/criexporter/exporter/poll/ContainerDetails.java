package dev.criexporter.exporter.poll;

/**
 * What {@code ContainerStatus(verbose)} adds to the list entry, fetched once per container.
 *
 * @param image the image as specified (e.g. {@code docker.io/library/nginx:1.27})
 * @param cgroupsPath the OCI spec's {@code linux.cgroupsPath}, as the runtime wrote it (cgroupfs
 *     path or systemd {@code slice:prefix:name}), or empty if the runtime did not say
 * @param startedAtNanos start time, nanoseconds since the epoch (0 when unknown)
 */
public record ContainerDetails(String image, String cgroupsPath, long startedAtNanos) {
}
