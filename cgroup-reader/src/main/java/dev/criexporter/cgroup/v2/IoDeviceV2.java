package dev.criexporter.cgroup.v2;

import java.util.OptionalLong;

/**
 * One device line of cgroup v2 {@code io.stat}. A field the kernel did not write is empty.
 *
 * @param rbytes bytes read
 * @param wbytes bytes written
 * @param rios read operations
 * @param wios write operations
 * @param dbytes bytes discarded
 * @param dios discard operations
 */
public record IoDeviceV2(int major, int minor, OptionalLong rbytes, OptionalLong wbytes, OptionalLong rios,
             OptionalLong wios, OptionalLong dbytes, OptionalLong dios) {
}
