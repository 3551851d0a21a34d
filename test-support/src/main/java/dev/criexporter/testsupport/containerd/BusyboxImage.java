package dev.criexporter.testsupport.containerd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * A container image built from the host's statically linked busybox, written as an OCI image
 * layout tar that {@code ctr images import} accepts. No registry is needed: the same image
 * serves as the pod sandbox ("pause") image and as the workload image.
 *
 * <p>The image has one gzip layer holding {@code /bin/busybox}, a symbolic link per applet in
 * {@link #APPLETS}, the usual mount-point directories and a minimal {@code /etc/passwd}. Its
 * default command is {@code /bin/sleep 2147483647}. All timestamps are fixed, so the same
 * busybox binary always gives the same digests.
 */
public final class BusyboxImage {

  /** The image reference used unless another one is given. */
  public static final String DEFAULT_REF = "docker.io/library/cri-exporter-test:1";

  /** Where Debian's {@code busybox-static} package installs the binary. */
  public static final Path DEFAULT_BUSYBOX = Path.of("/bin/busybox");

  /** Applets reachable as {@code /bin/<name>} inside the image. */
  public static final List<String> APPLETS = List.of(
      "sh", "ash", "sleep", "dd", "head", "tail", "cat", "yes", "true", "false", "echo", "printf",
      "test", "[", "ls", "ps", "kill", "mkdir", "rm", "rmdir", "cp", "mv", "ln", "touch", "chmod",
      "env", "id", "wc", "stat", "grep", "sed", "awk", "sync", "uname", "date", "df", "du", "free",
      "top", "seq", "tee", "timeout", "nproc", "hostname", "find", "xargs", "sha256sum", "mount");

  /** The image's default command. */
  public static final List<String> DEFAULT_COMMAND = List.of("/bin/sleep", "2147483647");

  static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
  static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
  static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final String REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";
  static final String CONTAINERD_NAME_ANNOTATION = "io.containerd.image.name";

  /** 2024-01-01T00:00:00Z, for every file and for the config's {@code created}. */
  private static final long FIXED_EPOCH_SECONDS = 1_704_067_200L;
  private static final String FIXED_TIMESTAMP = "2024-01-01T00:00:00Z";

  private final Path archive;
  private final String ref;
  private final String architecture;
  private final String manifestDigest;
  private final String configDigest;
  private final String layerDigest;
  private final String diffId;

  private BusyboxImage(Path archive, String ref, String architecture, String manifestDigest,
             String configDigest, String layerDigest, String diffId) {
    this.archive = archive;
    this.ref = ref;
    this.architecture = architecture;
    this.manifestDigest = manifestDigest;
    this.configDigest = configDigest;
    this.layerDigest = layerDigest;
    this.diffId = diffId;
  }

  /** Writes the image named {@link #DEFAULT_REF} from {@link #DEFAULT_BUSYBOX} to {@code archive}. */
  public static BusyboxImage write(Path archive) {
    return write(archive, DEFAULT_REF, DEFAULT_BUSYBOX);
  }

  /**
   * Writes an OCI image layout tar to {@code archive} (replacing any existing file).
   *
   * @param ref     the full image reference recorded in the index, e.g. {@code docker.io/library/x:1}
   * @param busybox a statically linked busybox binary
   * @throws IllegalArgumentException if {@code busybox} is missing, not ELF, or dynamically linked
   * @throws UncheckedIOException     if reading the binary or writing the archive fails
   */
  public static BusyboxImage write(Path archive, String ref, Path busybox) {
    Objects.requireNonNull(archive, "archive");
    if (ref == null || ref.isBlank()) {
      throw new IllegalArgumentException("image reference must not be blank");
    }
    byte[] binary = readBusybox(busybox);
    ElfExecutable elf;
    try {
      elf = ElfExecutable.parse(binary);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(busybox + " is not a usable executable: " + e.getMessage(), e);
    }
    if (elf.dynamicallyLinked()) {
      throw new IllegalArgumentException(busybox + " is dynamically linked and cannot run in an image without"
          + " a C library; install the static build: apt-get install -y busybox-static");
    }
    try {
      byte[] layerTar = layerTar(binary);
      String diffId = OciBlob.sha256Digest(layerTar);
      OciBlob layer = OciBlob.of(gzip(layerTar));
      OciBlob config = OciBlob.ofJson(configJson(elf.ociArchitecture(), diffId));
      OciBlob manifest = OciBlob.ofJson(manifestJson(config, layer));
      String index = indexJson(manifest, ref, elf.ociArchitecture());
      writeLayout(archive, index, List.of(layer, config, manifest));
      return new BusyboxImage(archive, ref, elf.ociArchitecture(), manifest.digest(), config.digest(),
          layer.digest(), diffId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write image archive " + archive, e);
    }
  }

  /** The tar file written. */
  public Path archive() {
    return archive;
  }

  /** The full image reference, as containerd names the imported image. */
  public String ref() {
    return ref;
  }

  /** OCI architecture of the busybox binary (and of the image), e.g. {@code amd64}. */
  public String architecture() {
    return architecture;
  }

  /** {@code sha256:...} of the image manifest: what containerd reports as the image's target. */
  public String manifestDigest() {
    return manifestDigest;
  }

  /** {@code sha256:...} of the image config: the image id the CRI reports. */
  public String configDigest() {
    return configDigest;
  }

  /** {@code sha256:...} of the compressed layer. */
  public String layerDigest() {
    return layerDigest;
  }

  /** {@code sha256:...} of the uncompressed layer (the config's {@code rootfs.diff_ids[0]}). */
  public String diffId() {
    return diffId;
  }

  @Override
  public String toString() {
    return "BusyboxImage[" + ref + " " + manifestDigest + " at " + archive + "]";
  }

  private static byte[] readBusybox(Path busybox) {
    if (!Files.isRegularFile(busybox)) {
      throw new IllegalArgumentException(busybox + " does not exist; install it: apt-get install -y busybox-static");
    }
    try {
      return Files.readAllBytes(busybox);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + busybox, e);
    }
  }

  private static byte[] layerTar(byte[] busybox) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(busybox.length + 64 * 1024);
    try (TarWriter tar = new TarWriter(bytes, FIXED_EPOCH_SECONDS)) {
      tar.directory("bin", 0755);
      tar.file("bin/busybox", 0755, busybox);
      for (String applet : APPLETS) {
        tar.symlink("bin/" + applet, "busybox");
      }
      for (String dir : List.of("dev", "etc", "proc", "root", "sys")) {
        tar.directory(dir, dir.equals("root") ? 0700 : 0755);
      }
      tar.directory("tmp", 01777);
      tar.file("etc/passwd", 0644, "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8));
      tar.file("etc/group", 0644, "root:x:0:\n".getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 2);
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(data);
    }
    return bytes.toByteArray();
  }

  private static String configJson(String architecture, String diffId) {
    return "{\"created\":" + Json.quote(FIXED_TIMESTAMP)
        + ",\"architecture\":" + Json.quote(architecture)
        + ",\"os\":\"linux\""
        + ",\"config\":{\"Env\":" + Json.array(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"))
        + ",\"Cmd\":" + Json.array(DEFAULT_COMMAND)
        + ",\"WorkingDir\":\"/\"}"
        + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":" + Json.array(List.of(diffId)) + "}"
        + ",\"history\":[{\"created\":" + Json.quote(FIXED_TIMESTAMP)
        + ",\"created_by\":\"cri-exporter test-support: static busybox with applet links\"}]}";
  }

  private static String manifestJson(OciBlob config, OciBlob layer) {
    return "{\"schemaVersion\":2"
        + ",\"mediaType\":" + Json.quote(MANIFEST_MEDIA_TYPE)
        + ",\"config\":" + config.descriptorJson(CONFIG_MEDIA_TYPE)
        + ",\"layers\":[" + layer.descriptorJson(LAYER_MEDIA_TYPE) + "]}";
  }

  private static String indexJson(OciBlob manifest, String ref, String architecture) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(CONTAINERD_NAME_ANNOTATION, ref);
    annotations.put(REF_NAME_ANNOTATION, ref);
    String descriptor = manifest.descriptorJson(MANIFEST_MEDIA_TYPE);
    return "{\"schemaVersion\":2"
        + ",\"mediaType\":" + Json.quote(INDEX_MEDIA_TYPE)
        + ",\"manifests\":[" + descriptor.substring(0, descriptor.length() - 1)
        + ",\"annotations\":" + Json.object(annotations)
        + ",\"platform\":{\"architecture\":" + Json.quote(architecture) + ",\"os\":\"linux\"}}]}";
  }

  private static void writeLayout(Path archive, String index, List<OciBlob> blobs) throws IOException {
    Path parent = archive.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream file = Files.newOutputStream(archive);
       TarWriter tar = new TarWriter(file, FIXED_EPOCH_SECONDS)) {
      tar.file("oci-layout", 0644, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      tar.file("index.json", 0644, index.getBytes(StandardCharsets.UTF_8));
      tar.directory("blobs", 0755);
      tar.directory("blobs/sha256", 0755);
      for (OciBlob blob : blobs) {
        tar.file("blobs/sha256/" + blob.hex(), 0644, blob.content());
      }
    }
  }
}
