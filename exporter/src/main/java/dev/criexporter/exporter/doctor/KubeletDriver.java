package dev.criexporter.exporter.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kubelet's cgroup driver from its files under the host root: a {@code --cgroup-driver} flag
 * in the environment files kubeadm and the packages use (a flag beats the config file), else
 * {@code cgroupDriver} in the kubelet configuration file, else, when that file exists without
 * it, the kubelet's default, cgroupfs.
 */
final class KubeletDriver {
  private KubeletDriver() {
  }

  static final List<String> CONFIG_FILES = List.of("/var/lib/kubelet/config.yaml",
      "/etc/kubernetes/kubelet-config.yaml");
  static final List<String> FLAG_FILES = List.of("/var/lib/kubelet/kubeadm-flags.env",
      "/etc/default/kubelet", "/etc/sysconfig/kubelet");

  private static final Pattern CONFIG_KEY =
      Pattern.compile("^\\s*\"?cgroupDriver\"?\\s*:\\s*[\"']?([A-Za-z]+)[\"']?\\s*,?\\s*(#.*)?$");
  private static final Pattern FLAG =
      Pattern.compile("--cgroup-driver(?:=|\\s+)[\"']?([A-Za-z]+)");

  /** {@code cgroupDriver} of a kubelet configuration file (YAML or JSON). */
  static Optional<String> fromConfig(String text) {
    for (String line : text.split("\n", -1)) {
      Matcher m = CONFIG_KEY.matcher(line);
      if (m.matches()) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  /** The value of a {@code --cgroup-driver} flag in a kubelet environment file. */
  static Optional<String> fromFlags(String text) {
    String found = null;
    for (String line : text.split("\n", -1)) {
      if (line.strip().startsWith("#")) {
        continue;
      }
      Matcher m = FLAG.matcher(line);
      while (m.find()) {
        found = m.group(1);
      }
    }
    return Optional.ofNullable(found);
  }

  /** Reads the host's kubelet files; never throws. */
  static Reading read(HostFiles files) {
    for (String path : FLAG_FILES) {
      FileText f = files.host(path);
      Optional<String> flag = f.text().flatMap(KubeletDriver::fromFlags);
      if (flag.isPresent()) {
        return checked(flag.get(), f.where() + " --cgroup-driver");
      }
    }
    List<String> problems = new ArrayList<>();
    for (String path : CONFIG_FILES) {
      FileText f = files.host(path);
      if (f.ok()) {
        return fromConfig(f.text().get()).map(d -> checked(d, f.where() + " cgroupDriver"))
            .orElse(Reading.of("cgroupfs", "no cgroupDriver in " + f.where()
                + ", the kubelet's default"));
      }
      problems.add(f.describeProblem());
    }
    return Reading.none("no kubelet configuration: " + String.join(", ", problems)
        + "; no --cgroup-driver in " + FLAG_FILES.get(0));
  }

  private static Reading checked(String raw, String source) {
    return Reading.driver(raw).map(d -> Reading.of(d, source))
        .orElse(Reading.none(source + " is '" + raw + "', neither systemd nor cgroupfs"));
  }
}
