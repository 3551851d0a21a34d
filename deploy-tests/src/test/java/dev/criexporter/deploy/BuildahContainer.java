package dev.criexporter.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A working container made from an image archive with {@code buildah from}, in which commands run
 * as the image would run them ({@code buildah run}: the image's user, environment and root
 * filesystem, chroot isolation), without a container runtime. Closing removes it.
 */
final class BuildahContainer implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final List<String> buildah;
  private final String name;

  private BuildahContainer(List<String> buildah, String name) {
    this.buildah = buildah;
    this.name = name;
  }

  /** A container from an OCI archive, in buildah storage of its own under {@code storage}. */
  static BuildahContainer from(Path archive, Path storage) {
    List<String> buildah = List.of(DeployEnvironment.buildah().toString(), "--storage-driver", "vfs",
        "--root", storage.resolve("root").toString(), "--runroot", storage.resolve("runroot").toString());
    List<String> command = new ArrayList<>(buildah);
    command.addAll(List.of("from", "--quiet", "--pull-never", "oci-archive:" + archive));
    String name = Exec.run(TIMEOUT, command).requireOk().strip();
    return new BuildahContainer(buildah, name);
  }

  /** Runs {@code argv} in the container (not the entrypoint: pass it explicitly). */
  Exec.Result run(List<String> argv) {
    List<String> command = new ArrayList<>(buildah);
    command.addAll(List.of("run", "--isolation", "chroot", name, "--"));
    command.addAll(argv);
    return Exec.run(TIMEOUT, command);
  }

  @Override
  public void close() {
    List<String> rm = new ArrayList<>(buildah);
    rm.addAll(List.of("rm", name));
    Exec.run(TIMEOUT, rm).requireOk();
    List<String> rmi = new ArrayList<>(buildah);
    rmi.addAll(List.of("rmi", "--all", "--force"));
    Exec.run(TIMEOUT, rmi).requireOk();
  }
}
