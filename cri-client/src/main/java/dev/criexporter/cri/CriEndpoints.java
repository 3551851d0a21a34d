package dev.criexporter.cri;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which CRI socket to talk to, the way crictl does: an explicit endpoint first, then the
 * {@code CONTAINER_RUNTIME_ENDPOINT} environment variable, then the well-known sockets of each
 * runtime, probed under an injectable host root (a DaemonSet sees the host's filesystem mounted
 * somewhere like {@code /host}).
 */
public final class CriEndpoints {

  /** The environment variable crictl and kubelet tooling read. */
  public static final String ENV_VAR = "CONTAINER_RUNTIME_ENDPOINT";

  /** Well-known sockets, in probe order, relative to the host root. */
  public static final List<String> DEFAULT_SOCKETS = List.of(
      "run/containerd/containerd.sock",
      "run/crio/crio.sock",
      "var/run/crio/crio.sock",
      "run/k3s/containerd/containerd.sock",
      "var/run/cri-dockerd.sock");

  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private final Path hostRoot;
  private final Optional<String> explicit;
  private final Map<String, String> env;

  /**
   * @param hostRoot where the host's root filesystem is visible ({@code /} on the node itself)
   * @param explicit an endpoint given on the command line, if any
   * @param env the process environment (injected for tests)
   */
  public CriEndpoints(Path hostRoot, Optional<String> explicit, Map<String, String> env) {
    this.hostRoot = hostRoot;
    this.explicit = explicit.filter(s -> !s.isBlank());
    this.env = env;
  }

  /** Where the decision came from. */
  public enum Source { FLAG, ENVIRONMENT, PROBE }

  /** A chosen endpoint: the socket path in this process's filesystem and how it was chosen. */
  public record Resolved(Path socket, Source source) {
    /** The endpoint as a {@code unix://} URI. */
    public String uri() {
      return "unix://" + socket;
    }
  }

  /**
   * Resolves the endpoint now. An explicit or environment endpoint is returned even if the socket
   * does not exist yet (the runtime may start later); probing returns the first existing socket.
   *
   * @return the endpoint, or empty when nothing was configured and no well-known socket exists
   * @throws IllegalArgumentException if a configured endpoint is not a {@code unix://} URI or path
   */
  public Optional<Resolved> resolve() {
    if (explicit.isPresent()) {
      return Optional.of(new Resolved(parse(explicit.get(), "--cri.endpoint"), Source.FLAG));
    }
    String fromEnv = env.get(ENV_VAR);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(new Resolved(parse(fromEnv, ENV_VAR), Source.ENVIRONMENT));
    }
    for (Path candidate : probeCandidates()) {
      if (isSocket(candidate)) {
        return Optional.of(new Resolved(candidate, Source.PROBE));
      }
    }
    return Optional.empty();
  }

  /** True when the endpoint comes from configuration rather than from probing. */
  public boolean isConfigured() {
    return explicit.isPresent() || (env.get(ENV_VAR) != null && !env.get(ENV_VAR).isBlank());
  }

  /** The socket paths probing looks at, in order, already placed under the host root. */
  public List<Path> probeCandidates() {
    List<Path> out = new ArrayList<>(DEFAULT_SOCKETS.size());
    for (String s : DEFAULT_SOCKETS) {
      out.add(hostRoot.resolve(s));
    }
    return out;
  }

  /**
   * Parses an endpoint: {@code unix:///path}, {@code unix:/path} or a bare absolute path.
   *
   * @param what the flag or variable the value came from, named in the error
   */
  public static Path parse(String endpoint, String what) {
    String e = endpoint.trim();
    String path;
    if (e.startsWith("unix://")) {
      path = e.substring("unix://".length());
    } else if (e.startsWith("unix:")) {
      path = e.substring("unix:".length());
    } else if (e.startsWith("/")) {
      path = e;
    } else {
      throw new IllegalArgumentException(what + ": unsupported endpoint '" + endpoint
          + "': expected unix:///path/to/socket or an absolute socket path (tcp and npipe endpoints"
          + " are not supported)");
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(what + ": endpoint '" + endpoint
          + "' must name an absolute socket path");
    }
    return Path.of(path);
  }

  /** True when {@code p} exists and is a Unix domain socket (following symlinks). */
  public static boolean isSocket(Path p) {
    try {
      Object mode = Files.getAttribute(p, "unix:mode");
      return mode instanceof Integer m && (m & S_IFMT) == S_IFSOCK;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  /** True when {@code p} exists at all (socket or not). */
  static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }
}
