package dev.criexporter.exporter.doctor;

import dev.criexporter.cri.v1.StatusResponse;
import java.util.Set;

/**
 * The runtime's snapshotter (containerd) or storage driver (CRI-O) can work on this kernel: an
 * overlay-based one needs the overlay file system.
 */
final class SnapshotterCheck implements NodeCheck {

  static final Set<String> OVERLAY_BASED = Set.of("overlayfs", "overlay", "overlay2");

  private final OverlayCheck overlay = new OverlayCheck();

  @Override
  public CheckId id() {
    return CheckId.SNAPSHOTTER;
  }

  @Override
  public CheckResult run(NodeFacts facts) {
    if (!facts.runtime().reachable()) {
      return CheckResult.unknown(id(), "runtime unreachable", Remedies.REACH_RUNTIME);
    }
    Reading snapshotter = snapshotter(facts);
    if (snapshotter.value().isEmpty()) {
      return CheckResult.unknown(id(), "the runtime's snapshotter is not known: "
          + snapshotter.source(), "Nothing to fix if pods start; containerd names its"
          + " snapshotter in its Status, CRI-O's storage driver is read from "
          + CrioFiles.STORAGE + " under --path.hostroot.");
    }
    String name = snapshotter.value().get();
    String evidence = name + " (" + snapshotter.source() + ")";
    if (!OVERLAY_BASED.contains(name)) {
      return CheckResult.ok(id(), name, evidence + "; does not need overlay");
    }
    CheckResult fs = overlay.run(facts);
    return switch (fs.outcome()) {
      case OK -> CheckResult.ok(id(), name, evidence + "; overlay " + fs.value());
      case UNKNOWN -> new CheckResult(id(), Outcome.UNKNOWN, name, evidence
          + "; overlay availability unknown: " + fs.evidence(), fs.remedy());
      default -> CheckResult.failed(id(), name, evidence + " but the kernel has no overlay file"
          + " system: " + fs.evidence(), "Images cannot be unpacked and no pod can start. "
          + fs.remedy() + " Or switch the runtime to another snapshotter and restart it.");
    };
  }

  /** containerd's from Status; CRI-O's from its files. */
  static Reading snapshotter(NodeFacts facts) {
    RuntimeFacts rt = facts.runtime();
    Reading fromStatus = rt.status().value().map(StatusResponse::getInfoMap)
        .map(RuntimeSettings::fromStatusInfo).map(RuntimeSettings::snapshotter)
        .orElse(Reading.none(rt.status().describe("Status")));
    if (fromStatus.value().isEmpty() && CgroupDriverCheck.isCrio(rt)) {
      return CrioFiles.storageDriver(facts.files());
    }
    return fromStatus;
  }
}
