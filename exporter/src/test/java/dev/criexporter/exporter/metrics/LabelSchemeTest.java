package dev.criexporter.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.criexporter.exporter.model.ContainerIdentity;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSchemeTest {
  static ContainerIdentity identity(Map<String, String> podLabels) {
    return new ContainerIdentity("a".repeat(64), "nginx", "web-1", "shop", "uid", "sb",
        "docker.io/library/nginx:1", "/kubepods/burstable/poduid/" + "a".repeat(64), 0, 0, 0,
        podLabels);
  }

  @Test
  void cadvisorModeCarriesKubeletsSix() {
    Labels l = new LabelScheme(LabelScheme.Mode.CADVISOR, List.of()).labelsFor(identity(Map.of()));
    assertThat(l.get("namespace")).isEqualTo("shop");
    assertThat(l.get("pod")).isEqualTo("web-1");
    assertThat(l.get("container")).isEqualTo("nginx");
    assertThat(l.get("image")).isEqualTo("docker.io/library/nginx:1");
    assertThat(l.get("id")).startsWith("/kubepods/burstable/");
    assertThat(l.get("name")).isEqualTo("a".repeat(64));
    assertThat(l.size()).isEqualTo(6);
  }

  @Test
  void leanModeDropsIdAndName() {
    LabelScheme s = new LabelScheme(LabelScheme.Mode.LEAN, List.of());
    assertThat(s.keys()).containsExactly("namespace", "pod", "container", "image");
    assertThat(s.labelsFor(identity(Map.of())).size()).isEqualTo(4);
  }

  @Test
  void onlyAllowListedPodLabelsAreExportedAndAlwaysPresent() {
    LabelScheme s = new LabelScheme(LabelScheme.Mode.LEAN, List.of("app.kubernetes.io/name", "team"));
    Labels l = s.labelsFor(identity(Map.of("app.kubernetes.io/name", "shop", "secret", "x")));
    assertThat(l.get("container_label_app_kubernetes_io_name")).isEqualTo("shop");
    assertThat(l.get("container_label_team")).isEqualTo("");
    assertThat(l.contains("container_label_secret")).isFalse();
  }

  @Test
  void hostileValuesAreBounded() {
    assertThat(LabelScheme.clean("x".repeat(1_000_000))).hasSize(LabelScheme.MAX_VALUE_LENGTH);
    assertThat(LabelScheme.clean("a\uD800b")).isEqualTo("a\uFFFDb");
    assertThat(LabelScheme.clean("ok \uD83D\uDE00")).isEqualTo("ok \uD83D\uDE00");
    assertThat(LabelScheme.clean(null)).isEmpty();
    assertThat(LabelScheme.sanitizeName("9lives.io/x-y")).isEqualTo("_lives_io_x_y");
  }
}
