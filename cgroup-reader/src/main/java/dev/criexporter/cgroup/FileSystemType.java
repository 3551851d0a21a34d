package dev.criexporter.cgroup;

/** The file system types that matter for cgroup detection, by their {@code statfs} magic number. */
public enum FileSystemType {
  CGROUP2(0x63677270L),
  CGROUP1(0x27e0ebL),
  TMPFS(0x01021994L),
  OTHER(-1L);

  private final long magic;

  FileSystemType(long magic) {
    this.magic = magic;
  }

  /** The type whose {@code statfs} {@code f_type} is {@code magic}, or {@link #OTHER}. */
  public static FileSystemType fromMagic(long magic) {
    for (FileSystemType type : values()) {
      if (type != OTHER && type.magic == magic) {
        return type;
      }
    }
    return OTHER;
  }
}
