package dev.criexporter.cgroup.read;

/** Why one cgroup file could not be used. */
public enum FailureReason {
  /** A required file (or its controller's directory for this cgroup) does not exist. */
  MISSING,
  /** The file's text does not have the kernel's format. */
  MALFORMED,
  /** Opening or reading the file was refused. */
  PERMISSION_DENIED,
  /** Any other I/O error. */
  IO_ERROR
}
