package dev.criexporter.exporter.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubeletDriverTest {

  @Test
  void readsTheTopLevelKeyOfAYamlConfig() {
    assertThat(KubeletDriver.fromConfig("kind: KubeletConfiguration\ncgroupDriver: systemd\n"))
        .contains("systemd");
    assertThat(KubeletDriver.fromConfig("cgroupDriver: \"cgroupfs\"  # kubeadm default\n"))
        .contains("cgroupfs");
    assertThat(KubeletDriver.fromConfig("kind: KubeletConfiguration\nclusterDNS:\n- 10.96.0.10\n"))
        .isEmpty();
  }

  @Test
  void readsAJsonConfig() {
    assertThat(KubeletDriver.fromConfig("{\n  \"kind\": \"KubeletConfiguration\",\n"
        + "  \"cgroupDriver\": \"systemd\",\n  \"maxPods\": 110\n}")).contains("systemd");
  }

  @Test
  void readsTheLastFlagOfAnEnvironmentFile() {
    assertThat(KubeletDriver.fromFlags("KUBELET_KUBEADM_ARGS=\"--cgroup-driver=systemd"
        + " --pod-infra-container-image=registry.k8s.io/pause:3.9\"\n")).contains("systemd");
    assertThat(KubeletDriver.fromFlags("KUBELET_EXTRA_ARGS=--cgroup-driver cgroupfs\n"))
        .contains("cgroupfs");
    assertThat(KubeletDriver.fromFlags("# KUBELET_EXTRA_ARGS=--cgroup-driver=cgroupfs\n"
        + "KUBELET_EXTRA_ARGS=--node-ip=10.0.0.5\n")).isEmpty();
    assertThat(KubeletDriver.fromFlags("A=\"--cgroup-driver=cgroupfs\"\nB=\"--cgroup-driver=systemd\"\n"))
        .contains("systemd");
  }

  @Test
  void aFlagBeatsTheConfigFileAndAnAbsentKeyMeansTheDefault() {
    HostFiles flagAndConfig = new HostFiles(Fixtures.paths(Fixtures.root("ip-forward-off")));
    assertThat(KubeletDriver.read(flagAndConfig).value()).contains("systemd");
    assertThat(KubeletDriver.read(flagAndConfig).source())
        .isEqualTo("/var/lib/kubelet/kubeadm-flags.env --cgroup-driver");

    HostFiles secondPath = new HostFiles(Fixtures.paths(Fixtures.root("no-overlay")));
    assertThat(KubeletDriver.read(secondPath).source())
        .isEqualTo("/etc/kubernetes/kubelet-config.yaml cgroupDriver");

    HostFiles none = new HostFiles(Fixtures.paths(Fixtures.root("no-kubelet-config")));
    assertThat(KubeletDriver.read(none).value()).isEmpty();
    assertThat(KubeletDriver.read(none).source()).contains("/var/lib/kubelet/config.yaml: missing");
  }
}
