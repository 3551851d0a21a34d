package dev.criexporter.exporter.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CRI-O's cgroup manager and storage driver from its configuration files under the host root,
 * since its {@code Status} does not name them: {@code /etc/crio/crio.conf} then the drop-ins in
 * {@code /etc/crio/crio.conf.d} in name order (a later file wins), and for storage
 * {@code /etc/containers/storage.conf}.
 */
final class CrioFiles {
  private CrioFiles() {
  }

  static final String MAIN = "/etc/crio/crio.conf";
  static final String DROP_INS = "/etc/crio/crio.conf.d";
  static final String STORAGE = "/etc/containers/storage.conf";

  /** {@code cgroup_manager}, or CRI-O's default (systemd) when a file exists without it. */
  static Reading driver(HostFiles files) {
    List<FileText> read = configs(files);
    if (read.isEmpty()) {
      return Reading.none("no " + MAIN + " or " + DROP_INS);
    }
    Optional<Reading> set = last(read, "cgroup_manager");
    if (set.isPresent()) {
      return Reading.driver(set.get().value().get()).map(d -> Reading.of(d, set.get().source()))
          .orElse(Reading.none(set.get().source() + ": not systemd or cgroupfs"));
    }
    return Reading.of("systemd", "no cgroup_manager in " + read.get(0).shown()
        + ", CRI-O's default");
  }

  /** {@code storage_driver} of crio.conf, else {@code driver} of storage.conf. */
  static Reading storageDriver(HostFiles files) {
    Optional<Reading> crio = last(configs(files), "storage_driver");
    if (crio.isPresent()) {
      return crio.get();
    }
    FileText storage = files.host(STORAGE);
    Optional<String> driver = storage.text().flatMap(t -> ConfigLines.value(t, "driver"))
        .filter(d -> !d.isBlank());
    return driver.map(d -> Reading.of(d, storage.where() + " driver"))
        .orElse(Reading.none(storage.ok() ? "no driver in " + storage.where()
            : storage.describeProblem()));
  }

  private static List<FileText> configs(HostFiles files) {
    List<FileText> out = new ArrayList<>();
    FileText main = files.host(MAIN);
    if (main.ok()) {
      out.add(main);
    }
    for (String name : files.list(files.underHost(DROP_INS))) {
      FileText f = files.host(DROP_INS + "/" + name);
      if (f.ok()) {
        out.add(f);
      }
    }
    return out;
  }

  private static Optional<Reading> last(List<FileText> texts, String key) {
    Reading found = null;
    for (FileText f : texts) {
      Optional<String> v = ConfigLines.value(f.text().get(), key);
      if (v.isPresent() && !v.get().isBlank()) {
        found = Reading.of(v.get(), f.where() + " " + key);
      }
    }
    return Optional.ofNullable(found);
  }
}
