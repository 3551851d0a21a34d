package dev.criexporter.exporter.doctor;

import dev.criexporter.cgroup.CgroupMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pressure stall information: system-wide in {@code /proc/pressure}, per cgroup in
 * {@code *.pressure} files (cgroup v2 only), which the pressure collector exports per container.
 */
final class PsiCheck implements NodeCheck {

  static final List<String> RESOURCES = List.of("cpu", "memory", "io");

  @Override
  public CheckId id() {
    return CheckId.PSI;
  }

  @Override
  public CheckResult run(NodeFacts facts) {
    Optional<Path> cgroupFile = cgroupPressureFile(facts);
    List<String> readable = new ArrayList<>();
    FileText first = null;
    for (String r : RESOURCES) {
      FileText f = facts.files().kernel("/proc/pressure/" + r);
      if (first == null) {
        first = f;
      }
      if (f.ok() && f.trimmed().startsWith("some")) {
        readable.add(r);
      }
    }
    String system = readable.isEmpty() ? first.describeProblem()
        : "/proc/pressure/" + String.join(", ", readable) + " readable";
    if (cgroupFile.isPresent()) {
      return CheckResult.ok(id(), "cgroup", facts.paths().shown(cgroupFile.get())
          + " present (per-container pressure); " + system);
    }
    boolean unified = facts.cgroups().mode().filter(m -> m == CgroupMode.UNIFIED).isPresent();
    if (!readable.isEmpty()) {
      return CheckResult.ok(id(), "system", system + (unified ? ""
          : "; per-container pressure needs cgroup v2, so container_pressure_* stay empty"));
    }
    if (!facts.files().kernelDirectoryVisible("/proc")) {
      return CheckResult.unknown(id(), "no /proc visible under " + facts.paths().hostRoot()
          + " or " + facts.paths().processRoot(), Remedies.MOUNT_PROC);
    }
    if (!first.missing()) {
      return CheckResult.failed(id(), "disabled", system,
          "The kernel has PSI but it is switched off: add psi=1 to the kernel command line"
              + " (kernels built with CONFIG_PSI_DEFAULT_DISABLED need it).");
    }
    return CheckResult.failed(id(), "unavailable", system,
        "Use a kernel with CONFIG_PSI=y (4.20 or newer; add psi=1 where it is built with"
            + " CONFIG_PSI_DEFAULT_DISABLED); without it there is no cpu, memory or io pressure"
            + " per container or for the node.");
  }

  /** A {@code *.pressure} file of the pod hierarchy (or the root) on cgroup v2. */
  private static Optional<Path> cgroupPressureFile(NodeFacts facts) {
    if (facts.cgroups().mode().filter(m -> m == CgroupMode.UNIFIED).isEmpty()) {
      return Optional.empty();
    }
    Path root = facts.cgroups().host().orElseThrow().unifiedDir().orElseThrow();
    for (String dir : List.of("kubepods.slice", "kubepods", "")) {
      Path file = (dir.isEmpty() ? root : root.resolve(dir)).resolve("cpu.pressure");
      if (facts.files().at(file).ok()) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }
}
