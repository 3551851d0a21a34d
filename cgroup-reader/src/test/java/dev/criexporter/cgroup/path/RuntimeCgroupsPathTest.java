package dev.criexporter.cgroup.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RuntimeCgroupsPathTest {

  private static final String ID = "31f54ffc8fc6748c2bd0dd0c31bbb6d81037798dc81072d61dcbc505bbe41004";
  private static final String UID = "5f0c8d3e_1a2b_4c5d_8e9f_0a1b2c3d4e5f";

  @Test
  void containerdSystemdBurstable() {
    assertThat(RuntimeCgroupsPath.toRelativePath("kubepods-burstable-pod" + UID + ".slice:cri-containerd:" + ID))
        .isEqualTo("kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID
            + ".slice/cri-containerd-" + ID + ".scope");
  }

  @Test
  void containerdSystemdGuaranteed() {
    assertThat(RuntimeCgroupsPath.toRelativePath("kubepods-pod" + UID + ".slice:cri-containerd:" + ID))
        .isEqualTo("kubepods.slice/kubepods-pod" + UID + ".slice/cri-containerd-" + ID + ".scope");
  }

  @Test
  void crioSystemdBestEffort() {
    assertThat(RuntimeCgroupsPath.toRelativePath("kubepods-besteffort-pod" + UID + ".slice:crio:" + ID))
        .isEqualTo("kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID
            + ".slice/crio-" + ID + ".scope");
  }

  @Test
  void nestedKubeletSlice() {
    assertThat(RuntimeCgroupsPath.toRelativePath("kubelet-kubepods-burstable-pod" + UID + ".slice:cri-containerd:"
        + ID)).isEqualTo("kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/"
        + "kubelet-kubepods-burstable-pod" + UID + ".slice/cri-containerd-" + ID + ".scope");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "/kubepods/burstable/pod5f0c/abc           | kubepods/burstable/pod5f0c/abc",
    "/kubepods/pod5f0c/abc                     | kubepods/pod5f0c/abc",
    "/kubepods/besteffort/pod5f0c/crio-abc     | kubepods/besteffort/pod5f0c/crio-abc",
    "kubepods/burstable/pod5f0c/abc            | kubepods/burstable/pod5f0c/abc",
    "-.slice:cri-containerd:abc                | cri-containerd-abc.scope",
    ":cri-containerd:abc                       | system.slice/cri-containerd-abc.scope",
    "machine.slice:libpod:abc                  | machine.slice/libpod-abc.scope",
    "user.slice::abc                           | user.slice/abc.scope",
    "a-b.slice:p:c.slice                       | a.slice/a-b.slice/c.slice"})
  void otherForms(String cgroupsPath, String expected) {
    assertThat(RuntimeCgroupsPath.toRelativePath(cgroupsPath)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "kubepods--x.slice:p:n", "-kubepods.slice:p:n", "kubepods-.slice:p:n",
    "kubepods.slice:p", "kubepods:p:n", "a.slice:p:", "a.slice:p:n:extra", "a.slice:p:../x", "a/b.slice:p:n",
    "/kubepods/../x", ".slice:p:n"})
  void rejectsMalformed(String cgroupsPath) {
    assertThatThrownBy(() -> RuntimeCgroupsPath.toRelativePath(cgroupsPath))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expandsSlices() {
    assertThat(RuntimeCgroupsPath.expandSlice("-.slice")).isEmpty();
    assertThat(RuntimeCgroupsPath.expandSlice("system.slice")).isEqualTo("system.slice");
    assertThat(RuntimeCgroupsPath.expandSlice("a-b-c.slice")).isEqualTo("a.slice/a-b.slice/a-b-c.slice");
  }

  @Test
  void tellsTheFormsApart() {
    assertThat(RuntimeCgroupsPath.isSystemdForm("kubepods.slice:crio:x")).isTrue();
    assertThat(RuntimeCgroupsPath.isSystemdForm("/kubepods/pod1/x")).isFalse();
    assertThat(RuntimeCgroupsPath.isSystemdForm("/weird:dir/x")).isFalse();
  }
}
