package dev.criexporter.deploy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The container image, built once per test run with scripts/build-image-offline.sh (the
 * Dockerfile on a scratch base with this machine's jar, jlinked runtime and glibc) into an OCI
 * archive under the build directory, with buildah storage of its own there.
 */
final class ImageBuild {

  static final String REF = "localhost/cri-exporter:deploy-test";
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

  /** The built image: the archive, its config, the entries of its layers, and how long it took. */
  record Image(Path archive, String ref, JsonObject config, List<TarEntry> files, long compressedBytes,
         Duration buildTime, Path storage) {

    JsonObject containerConfig() {
      return config.getAsJsonObject("config");
    }

    List<String> entrypoint() {
      List<String> entrypoint = new ArrayList<>();
      JsonArray array = containerConfig().getAsJsonArray("Entrypoint");
      array.forEach(e -> entrypoint.add(e.getAsString()));
      return entrypoint;
    }

    long unpackedBytes() {
      return files.stream().mapToLong(TarEntry::size).sum();
    }

    /** Bytes of the files under {@code prefix} (e.g. "opt/cri-exporter/jre/"). */
    long bytesUnder(String prefix) {
      return files.stream().filter(e -> e.name().startsWith(prefix)).mapToLong(TarEntry::size).sum();
    }
  }

  /** One entry of a layer tar: its path (no leading "./" or "/"), type, mode, owner and size. */
  record TarEntry(String name, char type, int mode, long uid, long gid, long size) {
    boolean isFile() {
      return type == '0' || type == '\0';
    }
  }

  private static Image image;
  private static AssertionError failure;

  private ImageBuild() {
  }

  /** Builds the image on first use; later calls return the same build (or its failure). */
  static synchronized Image get() {
    DeployEnvironment.requireRoot("building an image with buildah");
    DeployEnvironment.buildah();
    Path jar = DeployEnvironment.exporterJar();
    if (failure != null) {
      throw failure;
    }
    if (image == null) {
      try {
        image = build(jar);
      } catch (AssertionError e) {
        failure = e;
        throw e;
      }
    }
    return image;
  }

  private static Image build(Path jar) {
    Path dir = DeployEnvironment.workDir("image");
    Path archive = dir.resolve("cri-exporter.oci.tar");
    Path storage = dir.resolve("buildah-storage");
    long started = System.nanoTime();
    Exec.Result result = Exec.run(BUILD_TIMEOUT, DeployEnvironment.repo(), Map.of("TMPDIR", dir.toString()), null,
        List.of("bash", DeployEnvironment.repo().resolve("scripts/build-image-offline.sh").toString(),
            "--output", archive.toString(), "--tag", REF, "--jar", jar.toString(),
            "--storage", storage.toString()));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    result.requireOk();
    System.out.println("image built in " + took.toMillis() + " ms: " + result.stderr().strip());
    return read(archive, storage, took);
  }

  /** Reads an OCI image archive: index, manifest, config and the listing of its layers. */
  static Image read(Path archive, Path storage, Duration buildTime) {
    try {
      Map<String, byte[]> blobs = new HashMap<>();
      byte[] index = null;
      try (InputStream in = Files.newInputStream(archive)) {
        for (TarReader.Entry e : TarReader.entries(in)) {
          if (e.name().equals("index.json")) {
            index = e.content();
          } else if (e.name().startsWith("blobs/sha256/") && e.content() != null) {
            blobs.put("sha256:" + e.name().substring("blobs/sha256/".length()), e.content());
          }
        }
      }
      if (index == null) {
        throw new AssertionError(archive + " has no index.json: not an OCI archive");
      }
      JsonObject indexJson = JsonParser.parseString(new String(index, StandardCharsets.UTF_8)).getAsJsonObject();
      JsonArray manifests = indexJson.getAsJsonArray("manifests");
      if (manifests.size() != 1) {
        throw new AssertionError("expected one manifest in " + archive + ", found " + manifests);
      }
      JsonObject descriptor = manifests.get(0).getAsJsonObject();
      String ref = descriptor.getAsJsonObject("annotations").get("org.opencontainers.image.ref.name").getAsString();
      JsonObject manifest = json(blobs, descriptor.get("digest").getAsString());
      JsonObject config = json(blobs, manifest.getAsJsonObject("config").get("digest").getAsString());
      // The layers in order, later entries replacing earlier ones of the same path (the
      // image writes no whiteouts: it only adds files).
      Map<String, TarEntry> entries = new LinkedHashMap<>();
      long gzipBytes = 0;
      for (JsonElement descriptorOfLayer : manifest.getAsJsonArray("layers")) {
        String digest = descriptorOfLayer.getAsJsonObject().get("digest").getAsString();
        byte[] layer = blobs.get(digest);
        if (layer == null) {
          throw new AssertionError("layer " + digest + " missing from the archive");
        }
        gzipBytes += layer.length;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(layer))) {
          for (TarReader.Entry e : TarReader.headers(in)) {
            String name = e.name().endsWith("/") ? e.name().substring(0, e.name().length() - 1) : e.name();
            if (name.contains(".wh.")) {
              throw new AssertionError("unexpected whiteout " + e.name() + " in layer " + digest);
            }
            entries.put(name, new TarEntry(name, e.type(), e.mode(), e.uid(), e.gid(), e.size()));
          }
        }
      }
      return new Image(archive, ref, config, List.copyOf(entries.values()), gzipBytes, buildTime, storage);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + archive, e);
    }
  }

  private static JsonObject json(Map<String, byte[]> blobs, String digest) {
    byte[] blob = blobs.get(digest);
    if (blob == null) {
      throw new AssertionError("blob " + digest + " missing from the archive");
    }
    return JsonParser.parseString(new String(blob, StandardCharsets.UTF_8)).getAsJsonObject();
  }
}
