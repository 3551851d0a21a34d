package dev.criexporter.cgroup;

/** Validation of cgroup paths relative to a hierarchy root. */
public final class CgroupPaths {

  private CgroupPaths() {
  }

  /**
   * {@code path} without leading, trailing or repeated slashes, e.g. {@code /kubepods/pod1/abc} becomes
   * {@code kubepods/pod1/abc}; {@code ""} and {@code "/"} name the hierarchy root and become {@code ""}. A path
   * that is already clean is returned as is, without allocating.
   *
   * @throws IllegalArgumentException if a segment is {@code .} or {@code ..}, or the path holds a NUL
   */
  public static String toRelative(String path) {
    int len = path.length();
    boolean clean = true;
    int segmentStart = 0;
    for (int i = 0; i <= len; i++) {
      char c = i < len ? path.charAt(i) : '/';
      if (c == '\0') {
        throw new IllegalArgumentException("NUL in cgroup path " + path.replace('\0', '?'));
      }
      if (c != '/') {
        continue;
      }
      int segmentLength = i - segmentStart;
      if (segmentLength == 0 && len > 0) {
        clean = false; // leading, trailing or repeated slash
      } else if ((segmentLength == 1 || segmentLength == 2) && isDots(path, segmentStart, i)) {
        throw new IllegalArgumentException("invalid segment '" + path.substring(segmentStart, i)
            + "' in cgroup path " + path);
      }
      segmentStart = i + 1;
    }
    return clean ? path : rebuild(path);
  }

  private static boolean isDots(String path, int start, int end) {
    for (int i = start; i < end; i++) {
      if (path.charAt(i) != '.') {
        return false;
      }
    }
    return true;
  }

  private static String rebuild(String path) {
    StringBuilder sb = new StringBuilder(path.length());
    int len = path.length();
    int pos = 0;
    while (pos < len) {
      int slash = path.indexOf('/', pos);
      int end = slash < 0 ? len : slash;
      if (end > pos) {
        if (sb.length() > 0) {
          sb.append('/');
        }
        sb.append(path, pos, end);
      }
      pos = end + 1;
    }
    return sb.toString();
  }
}
