package dev.criexporter.exporter.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The small text readers the checks share. */
class ParsersTest {

  @Test
  void configLinesTakeTheLastUncommentedAssignment() {
    String crio = "[crio.runtime]\n# cgroup_manager = \"cgroupfs\"\n"
        + "cgroup_manager = \"systemd\" # comment\nconmon_cgroup = \"pod\"\n"
        + "[crio.image]\ncgroup_manager='cgroupfs'\n";
    assertThat(ConfigLines.value(crio, "cgroup_manager")).contains("cgroupfs");
    assertThat(ConfigLines.value(crio, "conmon_cgroup")).contains("pod");
    assertThat(ConfigLines.value(crio, "storage_driver")).isEmpty();
    assertThat(ConfigLines.value("path = \"/a#b\"\n", "path")).contains("/a#b");
  }

  @Test
  void kernelVersionsCompareByMajorAndMinor() {
    assertThat(KernelCheck.parse("6.1.0-18-amd64")).hasValueSatisfying(
        v -> assertThat(v).containsExactly(6, 1));
    assertThat(KernelCheck.parse("4.14.281-212.502.amzn2.x86_64").map(
        v -> KernelCheck.atLeast(v, 4, 19))).contains(false);
    assertThat(KernelCheck.parse("4.19.0").map(v -> KernelCheck.atLeast(v, 4, 19))).contains(true);
    assertThat(KernelCheck.parse("5.0").map(v -> KernelCheck.atLeast(v, 4, 19))).contains(true);
    assertThat(KernelCheck.parse("garbage")).isEmpty();
  }

  @Test
  void procFilesystemsIsMatchedByWholeName() {
    assertThat(OverlayCheck.lists("nodev\tsysfs\nnodev\toverlay\n\text4\n", "overlay")).isTrue();
    assertThat(OverlayCheck.lists("nodev\tsysfs\nnodev\toverlayfs2\n", "overlay")).isFalse();
  }

  @Test
  void procStatusFieldsAreMatchedByWholeName() {
    String status = "Name:\tjava\nSeccomp:\t2\nSeccomp_filters:\t1\n";
    assertThat(SeccompCheck.field(status, "Seccomp")).contains("2");
    assertThat(SeccompCheck.field(status, "Seccomp_filters")).contains("1");
    assertThat(SeccompCheck.field("Name:\tjava\n", "Seccomp")).isEmpty();
  }

  @Test
  void cgroupControllerListsAreWords() {
    assertThat(ControllersCheck.words(" cpuset cpu  io\nmemory ")).containsExactly("cpuset", "cpu",
        "io", "memory");
    assertThat(ControllersCheck.words("")).isEmpty();
  }

  @Test
  void tableTextWrapsAtWordsAndKeepsLongWordsWhole() {
    assertThat(TableFormat.wrap("aaa bbb ccc ddd", 7, 5)).containsExactly("aaa bbb", "ccc",
        "ddd");
    String path = "/kubepods/" + "x".repeat(30);
    assertThat(TableFormat.wrap("ghost " + path + " end", 10, 10))
        .isEqualTo(List.of("ghost", path, "end"));
  }
}
