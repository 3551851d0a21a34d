package dev.criexporter.exporter.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {

  /** Trimmed from containerd 1.6.20's real verbose Status on these machines. */
  static final String CONTAINERD_1_6 = "{\"containerd\":{\"snapshotter\":\"overlayfs\","
      + "\"defaultRuntimeName\":\"runc\",\"defaultRuntime\":{\"runtimeType\":\"\","
      + "\"options\":null},\"runtimes\":{\"runc\":{\"runtimeType\":\"io.containerd.runc.v2\","
      + "\"options\":{\"Root\":\"/tmp/x/runc\",\"SystemdCgroup\":false},"
      + "\"privileged_without_host_devices\":false}},\"noPivot\":false},"
      + "\"sandboxImage\":\"docker.io/library/cri-exporter-test:1\",\"statsCollectPeriod\":10,"
      + "\"systemdCgroup\":false,\"disableApparmor\":true}";

  @Test
  void containerdNamesDriverAndSnapshotter() {
    RuntimeSettings s = RuntimeSettings.fromStatusInfo(Map.of("config", CONTAINERD_1_6,
        "golang", "\"go1.19.8\""));
    assertThat(s.driver().value()).contains("cgroupfs");
    assertThat(s.driver().source())
        .isEqualTo("Status config containerd.runtimes.runc.options.SystemdCgroup=false");
    assertThat(s.snapshotter().value()).contains("overlayfs");
  }

  @Test
  void systemdCgroupTrueIsSystemd() {
    RuntimeSettings s = RuntimeSettings.fromStatusInfo(Map.of("config",
        FakeCri.containerdConfig(true, "native")));
    assertThat(s.driver().value()).contains("systemd");
    assertThat(s.snapshotter().value()).contains("native");
  }

  @Test
  void withoutRuntimeOptionsTheLegacyFlagOrRuncsDefaultDecides() {
    String legacy = "{\"containerd\":{\"defaultRuntimeName\":\"runc\",\"runtimes\":{\"runc\":"
        + "{\"options\":null,\"snapshotter\":\"zfs\"}}},\"systemdCgroup\":true}";
    RuntimeSettings s = RuntimeSettings.fromStatusInfo(Map.of("config", legacy));
    assertThat(s.driver().value()).contains("systemd");
    assertThat(s.snapshotter().value()).contains("zfs");
    assertThat(s.snapshotter().source()).contains("runtimes.runc.snapshotter");

    String bare = legacy.replace("\"systemdCgroup\":true", "\"systemdCgroup\":false");
    assertThat(RuntimeSettings.fromStatusInfo(Map.of("config", bare)).driver().source())
        .contains("not set, runc's default");
  }

  @Test
  void crioNamesNeither() {
    RuntimeSettings s = RuntimeSettings.fromStatusInfo(Map.of("config",
        "{\"sandboxImage\":\"registry.k8s.io/pause:3.9\"}"));
    assertThat(s.driver().value()).isEmpty();
    assertThat(s.snapshotter().value()).isEmpty();
    assertThat(RuntimeSettings.fromStatusInfo(Map.of("config",
        "{\"cgroupManager\":\"systemd\"}")).driver().value()).contains("systemd");
  }

  @Test
  void missingOrMalformedInfoIsNotAnError() {
    assertThat(RuntimeSettings.fromStatusInfo(Map.of()).driver().source())
        .isEqualTo(RuntimeSettings.NOT_EXPOSED);
    assertThat(RuntimeSettings.fromStatusInfo(Map.of("config", "{not json")).driver().source())
        .startsWith("Status info config is not JSON");
    assertThat(RuntimeSettings.fromStatusInfo(Map.of("config", "[1,2]")).snapshotter().value())
        .isEmpty();
  }
}
