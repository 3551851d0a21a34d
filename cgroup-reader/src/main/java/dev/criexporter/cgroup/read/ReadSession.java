package dev.criexporter.cgroup.read;

import dev.criexporter.cgroup.Limit;
import dev.criexporter.cgroup.parse.CgroupParseException;
import dev.criexporter.cgroup.parse.SingleValue;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One read of one cgroup: reads files, turns errors into {@link FileFailure}s, and aborts with {@link Gone} once
 * the cgroup's primary directory has vanished. Not thread-safe.
 */
final class ReadSession {

  /** Whether a file's absence is normal. */
  enum Need { REQUIRED, OPTIONAL }

  /** Thrown (without a stack trace) when the cgroup vanished; never escapes {@link CgroupReader}. */
  static final class Gone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Gone(String message) {
      super(message, null, false, false);
    }
  }

  private final TextSource reader;
  private final Path primaryDir;
  private final List<FileFailure> failures = new ArrayList<>(0);

  ReadSession(TextSource reader, Path primaryDir) {
    this.reader = reader;
    this.primaryDir = primaryDir;
  }

  /** Throws {@link Gone} unless the cgroup's primary directory exists. */
  void checkPresent() {
    if (!Files.isDirectory(primaryDir)) {
      throw new Gone(primaryDir + " does not exist");
    }
  }

  List<FileFailure> failures() {
    return failures;
  }

  /** The parsed file, or null if absent (optional) or failed (recorded). */
  <T> T read(Path dir, String fileName, Need need, Function<CharSequence, T> parser) {
    CharSequence text = readText(dir, fileName, need);
    if (text == null) {
      return null;
    }
    try {
      return parser.apply(text);
    } catch (CgroupParseException e) {
      fail(dir, fileName, FailureReason.MALFORMED, e.reason());
      return null;
    }
  }

  /** A single unsigned value, empty if absent or failed. */
  OptionalLong readUnsigned(Path dir, String fileName, Need need) {
    CharSequence text = readText(dir, fileName, need);
    if (text == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(SingleValue.parseUnsigned(text, fileName));
    } catch (CgroupParseException e) {
      fail(dir, fileName, FailureReason.MALFORMED, e.reason());
      return OptionalLong.empty();
    }
  }

  /** {@code max} or an unsigned value, absent if the file is absent or failed. */
  Limit readMaxOrUnsigned(Path dir, String fileName, Need need) {
    CharSequence text = readText(dir, fileName, need);
    if (text == null) {
      return Limit.absent();
    }
    try {
      return SingleValue.parseMaxOrUnsigned(text, fileName);
    } catch (CgroupParseException e) {
      fail(dir, fileName, FailureReason.MALFORMED, e.reason());
      return Limit.absent();
    }
  }

  /** A limit with a file-specific parser, absent if the file is absent or failed. */
  Limit readLimit(Path dir, String fileName, Need need, Function<CharSequence, Limit> parser) {
    Limit limit = read(dir, fileName, need, parser);
    return limit == null ? Limit.absent() : limit;
  }

  private CharSequence readText(Path dir, String fileName, Need need) {
    Path file = dir.resolve(fileName);
    try {
      return reader.read(file);
    } catch (NoSuchFileException e) {
      checkPresent();
      if (need == Need.REQUIRED) {
        fail(dir, fileName, FailureReason.MISSING,
            Files.isDirectory(dir) ? "file does not exist" : "cgroup directory " + dir + " does not exist");
      }
      return null;
    } catch (AccessDeniedException e) {
      fail(dir, fileName, FailureReason.PERMISSION_DENIED, String.valueOf(e.getMessage()));
      return null;
    } catch (IOException e) {
      // Reading a removed cgroup's file fails with ENODEV or ESRCH: tell that apart by the directory.
      checkPresent();
      fail(dir, fileName, FailureReason.IO_ERROR, e.toString());
      return null;
    }
  }

  private void fail(Path dir, String fileName, FailureReason reason, String detail) {
    failures.add(new FileFailure(fileName, dir.resolve(fileName), reason, detail));
  }
}
