package dev.criexporter.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.criexporter.deploy.ImageBuild.Image;
import dev.criexporter.deploy.ImageBuild.TarEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image built from the Dockerfile (offline: scratch base, this machine's jlinked runtime and
 * glibc): what its config declares, what its single layer holds, and that the exporter starts on
 * its minimal runtime as the image's own user.
 */
class ImageTest {

  static final String APP = "opt/cri-exporter/";
  static Image image;
  static BuildahContainer container;

  @BeforeAll
  static void build() {
    image = ImageBuild.get();
    container = BuildahContainer.from(image.archive(), image.storage());
    System.out.printf("image: %.1f MiB compressed, %.1f MiB unpacked (runtime %.1f MiB, jar %.1f MiB), built in %d ms%n",
        image.compressedBytes() / 1048576.0, image.unpackedBytes() / 1048576.0,
        image.bytesUnder(APP + "jre/") / 1048576.0, image.bytesUnder(APP + "cri-exporter.jar") / 1048576.0,
        image.buildTime().toMillis());
  }

  @AfterAll
  static void removeContainer() {
    if (container != null) {
      container.close();
    }
  }

  @Test
  void configRunsTheExporterAsNonRootOnItsPort() {
    JsonObject config = image.containerConfig();
    assertThat(image.ref()).isEqualTo(ImageBuild.REF);
    assertThat(image.config().get("os").getAsString()).isEqualTo("linux");
    assertThat(config.get("User").getAsString()).isEqualTo("65532:65532");
    assertThat(config.getAsJsonObject("ExposedPorts").keySet()).containsExactly("9758/tcp");
    assertThat(image.entrypoint()).startsWith("/opt/cri-exporter/jre/bin/java")
        .endsWith("-jar", "/opt/cri-exporter/cri-exporter.jar")
        .contains("-Djava.library.path=/opt/cri-exporter/lib", "-Djna.boot.library.path=/opt/cri-exporter/lib",
            "-Djna.nounpack=true", "-XX:-UsePerfData");
    assertThat(config.has("Cmd") && !config.get("Cmd").isJsonNull()).as("no Cmd: arguments are the exporter's flags")
        .isFalse();
    List<String> env = new ArrayList<>();
    config.getAsJsonArray("Env").forEach(e -> env.add(e.getAsString()));
    assertThat(env).contains("MALLOC_ARENA_MAX=2",
        "JAVA_TOOL_OPTIONS=-XX:+UseSerialGC -Xmn8m -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError");
  }

  @Test
  void labelsFollowTheOciAnnotationKeys() {
    JsonObject labels = image.containerConfig().getAsJsonObject("Labels");
    Map<String, String> oci = labels.keySet().stream().filter(k -> k.startsWith("org.opencontainers.image."))
        .collect(Collectors.toMap(k -> k, k -> labels.get(k).getAsString()));
    assertThat(oci).containsEntry("org.opencontainers.image.title", "cri-exporter")
        .containsEntry("org.opencontainers.image.version", "0.1.0")
        .containsEntry("org.opencontainers.image.base.name", "scratch")
        .containsKeys("org.opencontainers.image.description", "org.opencontainers.image.revision",
            "org.opencontainers.image.created");
    assertThat(oci.get("org.opencontainers.image.revision")).matches("[0-9a-f]{40}|unknown");
    assertThat(oci.get("org.opencontainers.image.created")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  }

  @Test
  void theFilesAreTheRuntimeTheJarTheirNativesAndNothingWritable() {
    List<String> names = image.files().stream().map(TarEntry::name).toList();
    assertThat(names).contains(APP + "cri-exporter.jar", APP + "jre/bin/java", APP + "jre/lib/server/libjvm.so",
        APP + "lib/libjnidispatch.so", "lib64/ld-linux-x86-64.so.2", "etc/passwd", "etc/group");
    assertThat(names).anyMatch(n -> n.matches(
        "opt/cri-exporter/lib/libio_grpc_netty_shaded_netty_transport_native_epoll_(x86_64|aarch_64)\\.so"));
    // No shell, no package manager; /tmp is there, empty.
    assertThat(names).noneMatch(n -> n.equals("bin/sh") || n.startsWith("tmp/")
        || n.startsWith("usr/bin/") || n.startsWith("var/"));
    assertThat(image.files()).filteredOn(e -> e.name().equals("tmp"))
        .singleElement().satisfies(tmp -> assertThat(tmp.mode() & 07777).isEqualTo(01777));
    for (TarEntry e : image.files()) {
      assertThat(e.uid()).as("owner of " + e.name()).isZero();
      if (e.type() == '2' || e.name().equals("tmp")) {
        continue; // symbolic links carry mode 0777; /tmp is world-writable by design
      }
      assertThat(e.mode() & 0022).as("group/other write bits of " + e.name()).isZero();
      if (e.isFile()) {
        assertThat(e.mode() & 0004).as("others may read " + e.name()).isNotZero();
      }
    }
    // The runtime is jlinked, not a JDK.
    assertThat(names).noneMatch(n -> n.startsWith(APP + "jre/bin/javac") || n.startsWith(APP + "jre/jmods"));
    assertThat(image.bytesUnder(APP + "jre/")).as("runtime bytes").isLessThan(60L << 20);
    assertThat(image.unpackedBytes()).as("image bytes, unpacked").isLessThan(150L << 20);
  }

  @Test
  void theEntrypointRunsOnTheMinimalImageAsTheImagesUser() {
    List<String> help = new ArrayList<>(image.entrypoint());
    help.add("--help");
    Exec.Result result = container.run(help);
    assertThat(result.ok()).as(result.describe()).isTrue();
    assertThat(result.stdout()).contains("Usage: cri-exporter", "--poll.interval", "--path.hostroot", "--cri.endpoint");
    // The image's JVM options were taken, so the JVM accepts every one of them.
    assertThat(result.stderr()).contains("Picked up JAVA_TOOL_OPTIONS: -XX:+UseSerialGC");

    List<String> version = new ArrayList<>(image.entrypoint());
    version.add("--version");
    assertThat(container.run(version).requireOk()).startsWith("cri-exporter ");

    Exec.Result settings = container.run(List.of("/opt/cri-exporter/jre/bin/java", "-XshowSettings:properties", "-version"));
    assertThat(settings.ok()).as(settings.describe()).isTrue();
    assertThat(settings.stderr()).contains("user.name = nonroot", "java.vm.specification.version = 17");
  }

  @Test
  void theRuntimeHasExactlyTheModulesTheImageScriptLinks() {
    String modules = Exec.run(Duration.ofSeconds(30), List.of("bash",
        DeployEnvironment.repo().resolve("scripts/image-rootfs.sh").toString(), "--print-modules")).requireOk().strip();
    Exec.Result listed = container.run(List.of("/opt/cri-exporter/jre/bin/java", "--list-modules"));
    assertThat(listed.ok()).as(listed.describe()).isTrue();
    List<String> names = Arrays.stream(listed.stdout().split("\n")).filter(l -> !l.isBlank())
        .map(l -> l.replaceAll("@.*", "").strip()).toList();
    // jlink adds what the listed modules require (java.security.sasl for java.naming).
    assertThat(names).containsAll(Arrays.asList(modules.split(",")));
    assertThat(names).allMatch(n -> n.startsWith("java.") || n.startsWith("jdk."))
        .doesNotContain("java.desktop", "jdk.compiler", "java.sql", "jdk.jshell");
  }
}
