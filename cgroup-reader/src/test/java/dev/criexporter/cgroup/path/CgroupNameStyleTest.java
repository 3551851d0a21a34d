package dev.criexporter.cgroup.path;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CgroupNameStyleTest {

  private static final String ID = "610713dca419d7deb83a1246d0c1ee0ac2e23b81cbb29bba37147e88e1848cda";

  @Test
  void recognisesEveryRuntimeAndDriverNaming() {
    assertThat(CgroupNameStyle.of(ID)).isEqualTo(CgroupNameStyle.BARE_ID);
    assertThat(CgroupNameStyle.of("cri-containerd-" + ID + ".scope")).isEqualTo(CgroupNameStyle.CRI_CONTAINERD_SCOPE);
    assertThat(CgroupNameStyle.of("crio-" + ID + ".scope")).isEqualTo(CgroupNameStyle.CRIO_SCOPE);
    assertThat(CgroupNameStyle.of("crio-" + ID)).isEqualTo(CgroupNameStyle.CRIO_BARE);
    assertThat(CgroupNameStyle.of("docker-" + ID + ".scope")).isEqualTo(CgroupNameStyle.DOCKER_SCOPE);
    for (CgroupNameStyle style : CgroupNameStyle.values()) {
      String name = style.directoryName(ID);
      assertThat(CgroupNameStyle.of(name)).isEqualTo(style);
      assertThat(style.idOf(name)).isEqualTo(ID);
    }
  }

  @Test
  void rejectsNonContainerNames() {
    assertThat(CgroupNameStyle.of("crio-conmon-" + ID + ".scope")).isNull();
    assertThat(CgroupNameStyle.of(ID.toUpperCase())).isNull();
    assertThat(CgroupNameStyle.of(ID.substring(1))).isNull();
    assertThat(CgroupNameStyle.of(ID + "0")).isNull();
    assertThat(CgroupNameStyle.of("cri-containerd-" + ID + ".slice")).isNull();
    assertThat(CgroupNameStyle.of("kubepods-besteffort.slice")).isNull();
    assertThat(CgroupNameStyle.of("pod" + ID.substring(3))).isNull();
    assertThat(CgroupNameStyle.of("g" + ID.substring(1))).isNull();
    assertThat(CgroupNameStyle.of("")).isNull();
  }

  @Test
  void validatesIds() {
    assertThat(CgroupNameStyle.isContainerId(ID)).isTrue();
    assertThat(CgroupNameStyle.isContainerId("abc")).isFalse();
    assertThat(CgroupNameStyle.isContainerId(ID.replace('a', 'z'))).isFalse();
  }
}
