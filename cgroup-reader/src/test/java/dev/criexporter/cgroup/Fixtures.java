package dev.criexporter.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** The fixture trees under src/test/resources/fixtures and the container ids in them. */
public final class Fixtures {

  public static final String V2_SYSTEMD_CONTAINERD = "v2-systemd-containerd";
  public static final String V2_SYSTEMD_CRIO = "v2-systemd-crio";
  public static final String V2_CGROUPFS = "v2-cgroupfs";
  public static final String V1_CGROUPFS_HYBRID = "v1-cgroupfs-hybrid";

  // v2 + systemd + containerd
  public static final String SANDBOX_BURSTABLE = "0c3fe784d08f9fbcf313ee671eab5e1a010d764b53dc0e192704fc6107e92576";
  public static final String APP_BURSTABLE = "31f54ffc8fc6748c2bd0dd0c31bbb6d81037798dc81072d61dcbc505bbe41004";
  public static final String APP_BESTEFFORT = "1674009496ea1550cb766758858fa5fbf33c64c85308b7173804b4910ba50f93";
  public static final String APP_GUARANTEED = "039c8ac7911b570f8d7e317342717b87f1b8ad11a9ca0b56644caea6280039d3";
  public static final String POD_BURSTABLE_UID = "5f0c8d3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f";
  public static final String POD_BESTEFFORT_UID = "0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a";
  public static final String POD_GUARANTEED_UID = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
  // v2 + systemd + CRI-O
  public static final String CRIO_APP = "610713dca419d7deb83a1246d0c1ee0ac2e23b81cbb29bba37147e88e1848cda";
  public static final String CRIO_SANDBOX = "a18bfabd3cf1d74d0267b59ef276e9c1c94d4e31a9fb482340d884a4c4275b94";
  public static final String CRIO_POD_UID = "7c6b5a49-3827-4615-9a0b-1c2d3e4f5a6b";
  // v2 + cgroupfs
  public static final String SANDBOX_CGROUPFS = "dd60c0ddd3869802fc39d108eb6e275b49f9721c223e23f3085de7e0df22d14c";
  public static final String APP_CGROUPFS = "ebfbe2ef135a7bbd7e16580166e5f87f7007a292013e11a8c18ee80b0179ff5c";
  public static final String APP_CGROUPFS_GUARANTEED =
      "f369732f00ca8086244045ff06a6aa3ad00e89f70ae9b086c75a4d11813a5e52";
  public static final String CRIO_CGROUPFS = "54c7476ba0dca5fc8a293fe6088d011a6b9b29ff4329220ad7d0a0974f07b1de";
  // v1 + cgroupfs, hybrid
  public static final String V1_SANDBOX = "c34f22bca92b74a1a0d9a962ecc79d19c58d65dddff78a922bc0585340128c6d";
  public static final String V1_APP = "0a1a0c2896e52b47c88b7954baf6adc5af011f1bf159c8baa6c0b57bba71568b";
  public static final String V1_BESTEFFORT = "8402bfd873a39ffbc3a61c24c4769b80fbc7b929bec46d1d8f49f181306747b3";

  public static final String V1_BURSTABLE_POD = "kubepods/burstable/pod6f5e4d3c-2b1a-4098-8765-43210fedcba9";
  public static final String V1_BESTEFFORT_POD = "kubepods/besteffort/pod1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

  private Fixtures() {
  }

  /** The fixture tree {@code name}, read-only (copy it before changing anything). */
  public static Path tree(String name) {
    URL url = Fixtures.class.getResource("/fixtures/" + name);
    if (url == null) {
      throw new IllegalStateException("no fixture " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A copy of fixture tree {@code name} under {@code target}, safe to change. */
  public static Path copy(String name, Path target) {
    Path source = tree(name);
    Path dest = target.resolve(name);
    try (Stream<Path> paths = Files.walk(source)) {
      paths.sorted(Comparator.naturalOrder()).forEach(p -> {
        try {
          Path to = dest.resolve(source.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dest;
  }

  /** Deletes {@code dir} and everything below it. */
  public static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The systemd slice name form of a pod uid: dashes become underscores. */
  public static String systemdUid(String uid) {
    return uid.replace('-', '_');
  }
}
