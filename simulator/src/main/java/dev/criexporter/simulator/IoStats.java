package dev.criexporter.simulator;

/** Block-device I/O counters of one cgroup (one device). */
public record IoStats(long readBytes, long writeBytes, long readOps, long writeOps) {

  public static final IoStats ZERO = new IoStats(0, 0, 0, 0);

  public boolean isZero() {
    return readBytes == 0 && writeBytes == 0 && readOps == 0 && writeOps == 0;
  }

  public IoStats plus(IoStats o) {
    return new IoStats(readBytes + o.readBytes, writeBytes + o.writeBytes, readOps + o.readOps,
        writeOps + o.writeOps);
  }
}
