package dev.criexporter.exporter.metrics;

import dev.criexporter.cri.v1.NetworkInterfaceUsage;
import dev.criexporter.cri.v1.NetworkUsage;
import dev.criexporter.cri.v1.UInt64Value;
import dev.criexporter.exporter.model.PodSample;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Network traffic per pod and interface, from {@code ListPodSandboxStats}. A pod shares one
 * network namespace, so the figures sit on the pod sandbox's series ({@code container=""},
 * {@code name} = the sandbox id), where kube-prometheus's network dashboards sum them by pod and
 * namespace. Host-network pods have no figures of their own and export none.
 */
public final class NetworkCollector implements Collector {

  public static final FamilyDef RX_BYTES = FamilyDef.counter(
      "container_network_receive_bytes_total", "bytes", "Cumulative count of bytes received",
      "CRI PodSandboxStats.linux.network rx_bytes", "interface");
  public static final FamilyDef TX_BYTES = FamilyDef.counter(
      "container_network_transmit_bytes_total", "bytes", "Cumulative count of bytes transmitted",
      "CRI PodSandboxStats.linux.network tx_bytes", "interface");
  public static final FamilyDef RX_ERRORS = FamilyDef.counter(
      "container_network_receive_errors_total", "",
      "Cumulative count of errors encountered while receiving",
      "CRI PodSandboxStats.linux.network rx_errors", "interface");
  public static final FamilyDef TX_ERRORS = FamilyDef.counter(
      "container_network_transmit_errors_total", "",
      "Cumulative count of errors encountered while transmitting",
      "CRI PodSandboxStats.linux.network tx_errors", "interface");

  @Override
  public String name() {
    return "network";
  }

  @Override
  public String description() {
    return "Pod network bytes and errors per interface, from the runtime's pod stats";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public Set<PollNeed> needs() {
    return EnumSet.of(PollNeed.SANDBOXES, PollNeed.SANDBOX_STATS);
  }

  @Override
  public List<FamilyDef> families() {
    return List.of(RX_BYTES, TX_BYTES, RX_ERRORS, TX_ERRORS);
  }

  @Override
  public void collect(CollectContext ctx, FamilySink out) {
    LabelScheme scheme = ctx.scheme();
    for (PodSample p : ctx.snapshot().pods()) {
      if (p.stats() == null || !p.stats().hasLinux() || !p.stats().getLinux().hasNetwork()) {
        continue;
      }
      NetworkUsage n = p.stats().getLinux().getNetwork();
      List<NetworkInterfaceUsage> ifaces = n.getInterfacesList();
      if (ifaces.isEmpty() && n.hasDefaultInterface()) {
        ifaces = List.of(n.getDefaultInterface());
      }
      Labels pod = scheme.labelsForPod(p.identity(), "", p.identity().sandboxCgroupPath(),
          p.identity().sandboxId());
      for (NetworkInterfaceUsage i : ifaces) {
        Labels l = pod.merge(Labels.of("interface", LabelScheme.clean(i.getName())));
        add(out, RX_BYTES, l, i.hasRxBytes(), i.getRxBytes());
        add(out, TX_BYTES, l, i.hasTxBytes(), i.getTxBytes());
        add(out, RX_ERRORS, l, i.hasRxErrors(), i.getRxErrors());
        add(out, TX_ERRORS, l, i.hasTxErrors(), i.getTxErrors());
      }
    }
  }

  private static void add(FamilySink out, FamilyDef f, Labels l, boolean has, UInt64Value v) {
    if (has) {
      out.add(f, l, Values.unsigned(v.getValue()));
    }
  }
}
