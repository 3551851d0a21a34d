package dev.criexporter.exporter.doctor;

import dev.criexporter.exporter.metrics.CollectContext;
import dev.criexporter.exporter.metrics.Collector;
import dev.criexporter.exporter.metrics.FamilyDef;
import dev.criexporter.exporter.metrics.FamilySink;
import dev.criexporter.exporter.metrics.LabelScheme;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The node checks as series: the cached result of the last doctor run (made on its own thread
 * every few minutes, see {@link DoctorService}) plus the cross-check, evaluated from this poll's
 * snapshot. Does no I/O itself. Every label value comes from a fixed set of checks, severities
 * and short observed values, so the series count stays at a few dozen.
 */
public final class DoctorCollector implements Collector {

  static final String SOURCE = "node doctor (see docs/doctor.md)";

  public static final FamilyDef OK = FamilyDef.nodeGauge("cri_node_check_ok", "",
      "1 when the node check passed, 0 when it failed; severity is what a failure means."
          + " Absent while the check cannot be evaluated (see cri_node_check_unknown).",
      SOURCE, "check", "severity");
  public static final FamilyDef UNKNOWN = FamilyDef.nodeGauge("cri_node_check_unknown", "",
      "1 when the node check could not be evaluated (a file or the runtime was not visible),"
          + " 0 otherwise.", SOURCE, "check");
  public static final FamilyDef INFO = FamilyDef.nodeInfo("cri_node_check_info",
      "What each node check observed: cgroup mode, cgroup driver, kernel release, runtime,"
          + " snapshotter, ...", SOURCE, "check", "value");
  public static final FamilyDef LAST_RUN = FamilyDef.nodeGauge(
      "cri_node_doctor_last_run_timestamp_seconds", "seconds",
      "Unix time the node checks last ran; they run every " + DoctorService.INTERVAL.toMinutes()
          + " minutes, the crosscheck check every poll.", SOURCE);
  public static final FamilyDef DURATION = FamilyDef.nodeGauge(
      "cri_node_doctor_duration_seconds", "seconds", "How long the last run of the node checks"
          + " took.", SOURCE);

  private final Supplier<Optional<DoctorReport>> reports;

  /** A collector without node check results (only the cross-check); the exporter binds one. */
  public DoctorCollector() {
    this(Optional::empty);
  }

  /** A collector reading the latest report from {@code reports}, which must not do I/O. */
  public DoctorCollector(Supplier<Optional<DoctorReport>> reports) {
    this.reports = reports;
  }

  @Override
  public String name() {
    return "doctor";
  }

  @Override
  public String description() {
    return "Node checks: cgroup mode, controllers and driver, runtime and its stats calls,"
        + " overlay, kernel, ip_forward, seccomp, AppArmor/SELinux, cross-check (docs/doctor.md)";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public List<FamilyDef> families() {
    return List.of(OK, UNKNOWN, INFO, LAST_RUN, DURATION);
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    Optional<DoctorReport> report = reports.get();
    List<CheckResult> results = new ArrayList<>(report.map(DoctorReport::results)
        .orElse(List.of()));
    results.removeIf(r -> r.check() == CheckId.CROSSCHECK);
    results.add(SnapshotCrossCheck.evaluate(ctx.snapshot()));
    for (CheckResult r : results) {
      String check = r.check().label();
      boolean unknown = r.outcome() == Outcome.UNKNOWN;
      if (!unknown) {
        out.add(OK, Labels.of("check", check, "severity", r.check().severity().label()),
            r.passed() ? 1 : 0);
      }
      out.add(UNKNOWN, Labels.of("check", check), unknown ? 1 : 0);
      out.add(INFO, Labels.of("check", check, "value", LabelScheme.clean(r.value())), 1);
    }
    report.ifPresent(r -> {
      out.add(LAST_RUN, Labels.EMPTY, r.at().toEpochMilli() / 1000.0);
      out.add(DURATION, Labels.EMPTY, r.took().toNanos() / 1e9);
    });
  }
}
