package dev.criexporter.cgroup.v1;

import java.util.OptionalLong;

/**
 * One device's lines of a cgroup v1 blkio file. The unit is that of the file: bytes in
 * {@code blkio.throttle.io_service_bytes}, operations in {@code blkio.throttle.io_serviced}. An operation the
 * kernel did not write (e.g. {@code Discard} before 4.19) is empty.
 */
public record BlkioDevice(int major, int minor, OptionalLong read, OptionalLong write, OptionalLong sync,
             OptionalLong async, OptionalLong discard, OptionalLong total) {
}
