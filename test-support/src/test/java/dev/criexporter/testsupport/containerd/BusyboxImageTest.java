package dev.criexporter.testsupport.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusyboxImageTest {

  private static final String REF = "docker.io/library/unit-test:7";

  @TempDir
  Path tempDir;

  private Path busybox;

  @BeforeEach
  void writeFakeBusybox() throws Exception {
    busybox = tempDir.resolve("busybox");
    Files.write(busybox, TestElf.staticAmd64());
  }

  @Test
  void everyDescriptorMatchesTheDigestAndSizeOfItsBlob() throws Exception {
    BusyboxImage image = BusyboxImage.write(tempDir.resolve("image.tar"), REF, busybox);
    Map<String, TarEntries.Entry> layout = TarEntries.read(Files.readAllBytes(image.archive()));

    assertThat(json(layout.get("oci-layout").content()).getFieldsOrThrow("imageLayoutVersion").getStringValue())
        .isEqualTo("1.0.0");
    Struct index = json(layout.get("index.json").content());
    assertThat(index.getFieldsOrThrow("mediaType").getStringValue()).isEqualTo(BusyboxImage.INDEX_MEDIA_TYPE);
    List<Value> manifests = index.getFieldsOrThrow("manifests").getListValue().getValuesList();
    assertThat(manifests).hasSize(1);
    Struct manifestDescriptor = manifests.get(0).getStructValue();
    assertThat(manifestDescriptor.getFieldsOrThrow("annotations").getStructValue().getFieldsMap())
        .containsEntry(BusyboxImage.REF_NAME_ANNOTATION, Value.newBuilder().setStringValue(REF).build())
        .containsEntry(BusyboxImage.CONTAINERD_NAME_ANNOTATION, Value.newBuilder().setStringValue(REF).build());
    assertThat(manifestDescriptor.getFieldsOrThrow("platform").getStructValue().getFieldsOrThrow("architecture")
        .getStringValue()).isEqualTo("amd64");

    byte[] manifestBlob = blob(layout, manifestDescriptor, BusyboxImage.MANIFEST_MEDIA_TYPE);
    assertThat(OciBlob.sha256Digest(manifestBlob)).isEqualTo(image.manifestDigest());
    Struct manifest = json(manifestBlob);
    assertThat(manifest.getFieldsOrThrow("schemaVersion").getNumberValue()).isEqualTo(2);

    Struct configDescriptor = manifest.getFieldsOrThrow("config").getStructValue();
    byte[] configBlob = blob(layout, configDescriptor, BusyboxImage.CONFIG_MEDIA_TYPE);
    assertThat(OciBlob.sha256Digest(configBlob)).isEqualTo(image.configDigest());

    List<Value> layers = manifest.getFieldsOrThrow("layers").getListValue().getValuesList();
    assertThat(layers).hasSize(1);
    byte[] layerBlob = blob(layout, layers.get(0).getStructValue(), BusyboxImage.LAYER_MEDIA_TYPE);
    assertThat(OciBlob.sha256Digest(layerBlob)).isEqualTo(image.layerDigest());

    Struct config = json(configBlob);
    List<Value> diffIds = config.getFieldsOrThrow("rootfs").getStructValue().getFieldsOrThrow("diff_ids")
        .getListValue().getValuesList();
    assertThat(diffIds).extracting(Value::getStringValue)
        .containsExactly(OciBlob.sha256Digest(TarEntries.gunzip(layerBlob)));
    assertThat(image.diffId()).isEqualTo(diffIds.get(0).getStringValue());
    assertThat(config.getFieldsOrThrow("architecture").getStringValue()).isEqualTo("amd64");
    assertThat(config.getFieldsOrThrow("os").getStringValue()).isEqualTo("linux");
    assertThat(config.getFieldsOrThrow("config").getStructValue().getFieldsOrThrow("Cmd").getListValue()
        .getValuesList()).extracting(Value::getStringValue).containsExactly("/bin/sleep", "2147483647");
  }

  @Test
  void layerHoldsTheBinaryAndAnAppletLinkForEachApplet() throws Exception {
    BusyboxImage image = BusyboxImage.write(tempDir.resolve("image.tar"), REF, busybox);
    Map<String, TarEntries.Entry> layout = TarEntries.read(Files.readAllBytes(image.archive()));
    byte[] layer = layout.get("blobs/sha256/" + image.layerDigest().substring("sha256:".length())).content();

    Map<String, TarEntries.Entry> files = TarEntries.read(TarEntries.gunzip(layer));

    TarEntries.Entry binary = files.get("bin/busybox");
    assertThat(binary.type()).isEqualTo('0');
    assertThat(binary.mode()).isEqualTo(0755);
    assertThat(binary.content()).isEqualTo(Files.readAllBytes(busybox));
    for (String applet : List.of("sh", "sleep", "dd", "head", "cat", "yes", "true")) {
      TarEntries.Entry link = files.get("bin/" + applet);
      assertThat(link).as(applet).isNotNull();
      assertThat(link.type()).isEqualTo('2');
      assertThat(link.linkTarget()).isEqualTo("busybox");
    }
    assertThat(files.get("tmp/").mode()).isEqualTo(01777);
    assertThat(files).containsKeys("dev/", "proc/", "sys/", "etc/passwd");
  }

  @Test
  void sameBinaryGivesTheSameDigests() {
    BusyboxImage first = BusyboxImage.write(tempDir.resolve("a.tar"), REF, busybox);
    BusyboxImage second = BusyboxImage.write(tempDir.resolve("b.tar"), REF, busybox);

    assertThat(second.manifestDigest()).isEqualTo(first.manifestDigest());
    assertThat(second.layerDigest()).isEqualTo(first.layerDigest());
  }

  @Test
  void systemTarReadsTheArchive() throws Exception {
    BusyboxImage image = BusyboxImage.write(tempDir.resolve("image.tar"), REF, busybox);

    Command.Result listing = Command.run(Duration.ofSeconds(20), "tar", "-tf", image.archive().toString());

    assertThat(listing.succeeded()).as(listing.describe()).isTrue();
    assertThat(listing.output().lines().toList()).contains("oci-layout", "index.json",
        "blobs/sha256/" + image.manifestDigest().substring("sha256:".length()));
  }

  @Test
  void refusesADynamicallyLinkedBusybox() throws Exception {
    Files.write(busybox, TestElf.image(TestElf.MACHINE_X86_64, TestElf.PT_LOAD, TestElf.PT_INTERP));

    assertThatThrownBy(() -> BusyboxImage.write(tempDir.resolve("image.tar"), REF, busybox))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dynamically linked")
        .hasMessageContaining("busybox-static");
  }

  @Test
  void refusesAMissingBusybox() {
    assertThatThrownBy(() -> BusyboxImage.write(tempDir.resolve("image.tar"), REF, tempDir.resolve("absent")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  private static byte[] blob(Map<String, TarEntries.Entry> layout, Struct descriptor, String mediaType) {
    assertThat(descriptor.getFieldsOrThrow("mediaType").getStringValue()).isEqualTo(mediaType);
    String digest = descriptor.getFieldsOrThrow("digest").getStringValue();
    assertThat(digest).matches("sha256:[0-9a-f]{64}");
    TarEntries.Entry entry = layout.get("blobs/sha256/" + digest.substring("sha256:".length()));
    assertThat(entry).as("blob " + digest).isNotNull();
    assertThat(OciBlob.sha256Digest(entry.content())).isEqualTo(digest);
    assertThat((long) descriptor.getFieldsOrThrow("size").getNumberValue()).isEqualTo(entry.content().length);
    return entry.content();
  }

  private static Struct json(byte[] content) throws Exception {
    Struct.Builder struct = Struct.newBuilder();
    JsonFormat.parser().merge(new String(content, StandardCharsets.UTF_8), struct);
    return struct.build();
  }
}
