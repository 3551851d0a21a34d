package dev.criexporter.testsupport.tryit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a running try-it has started, in {@code <state dir>/try-it.state}, so that
 * {@code try-it --down} from another shell can stop it, or clean up after it if it was killed.
 *
 * <p>Plain {@code key=value} lines, rewritten (atomically) as each part starts:
 *
 * <pre>
 * pid=4242
 * started=1767225600123
 * containerd-dir=/tmp/cri-exporter-try-it/containerd
 * containerd-pid=4250
 * pod-cgroups=/kubepods/burstable/pod6f0c...,/kubepods/besteffort/pod9a1d...
 * exporter-pid=4301
 * ...
 * </pre>
 *
 * <p>The owner is the try-it process: its PID and its start time together, so that a PID
 * reused by another process after a reboot or a crash is never mistaken for it.
 */
final class TryItState {

  static final String FILE_NAME = "try-it.state";

  static final String PID = "pid";
  static final String STARTED = "started";
  static final String CONTAINERD_DIR = "containerd-dir";
  static final String CONTAINERD_PID = "containerd-pid";
  static final String POD_CGROUPS = "pod-cgroups";
  static final String CREATED_CGROUP_ANCESTORS = "created-cgroup-ancestors";
  static final String EXPORTER_PID = "exporter-pid";
  static final String EXPORTER_PORT = "exporter-port";
  static final String PROMETHEUS_DIR = "prometheus-dir";
  static final String PROMETHEUS_PID = "prometheus-pid";
  static final String PROMETHEUS_PORT = "prometheus-port";

  private static final String HEADER = "# cri-exporter try-it: what this run started; scripts/try-it.sh --down reads it";

  private final Map<String, String> values;

  private TryItState(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    owner(); // fails early on a state without a valid owner
  }

  /** The state of a run owned by {@code owner}, nothing started yet. */
  static TryItState ownedBy(ProcessHandle owner) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(PID, Long.toString(owner.pid()));
    values.put(STARTED, Long.toString(startMillis(owner).orElseThrow(() ->
        new IllegalStateException("the start time of process " + owner.pid() + " is unknown"))));
    return new TryItState(values);
  }

  /** This state with {@code key} set to {@code value}. */
  TryItState with(String key, Object value) {
    String text = String.valueOf(value);
    if (!key.matches("[a-z][a-z-]*") || text.contains("\n") || text.contains("\r")) {
      throw new IllegalArgumentException("not a state entry: " + key + "=" + text);
    }
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key, text);
    return new TryItState(copy);
  }

  /** This state with {@code key} set to the comma-separated {@code items}. */
  TryItState withList(String key, Collection<String> items) {
    for (String item : items) {
      if (item.contains(",")) {
        throw new IllegalArgumentException("list item with a comma: " + item);
      }
    }
    return with(key, String.join(",", items));
  }

  Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  OptionalLong number(String key) {
    String value = values.get(key);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("state entry " + key + " is not a number: " + value, e);
    }
  }

  Optional<Path> path(String key) {
    return get(key).map(Path::of);
  }

  List<String> list(String key) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      return List.of();
    }
    return Arrays.asList(value.split(","));
  }

  /** The PID and start time (epoch milliseconds) of the try-it process that owns this run. */
  Owner owner() {
    return new Owner(number(PID).orElseThrow(() -> new IllegalArgumentException("state has no " + PID)),
        number(STARTED).orElseThrow(() -> new IllegalArgumentException("state has no " + STARTED)));
  }

  String render() {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    values.forEach((key, value) -> out.append(key).append('=').append(value).append('\n'));
    return out.toString();
  }

  /**
   * Parses {@link #render()}'s format: {@code key=value} lines; blank lines and lines starting
   * with {@code #} are ignored.
   *
   * @throws IllegalArgumentException naming the first malformed line, or if the owner is missing
   */
  static TryItState parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("line " + (i + 1) + " is not key=value: " + line);
      }
      values.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return new TryItState(values);
  }

  /** Writes the state to {@code file}: a reader sees the old or the new content, never a mix. */
  void writeTo(Path file) {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(temp, render(), StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The state in {@code file}, or empty if there is none.
   *
   * @throws IllegalArgumentException if the file is not a try-it state
   */
  static Optional<TryItState> readFrom(Path file) {
    try {
      return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " is not a try-it state file: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TryItState other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "TryItState" + values;
  }

  static OptionalLong startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli)
        .map(OptionalLong::of).orElse(OptionalLong.empty());
  }

  /** The try-it process that owns a run. */
  record Owner(long pid, long startMillis) {

    /** The owner's process, if it still runs (a zombie does not): same PID and same start time. */
    Optional<ProcessHandle> process() {
      return ProcessHandle.of(pid).filter(RunProcesses::isRunning)
          .filter(p -> TryItState.startMillis(p).equals(OptionalLong.of(startMillis)));
    }

    boolean isAlive() {
      return process().isPresent();
    }
  }
}
