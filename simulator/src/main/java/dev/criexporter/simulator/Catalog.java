package dev.criexporter.simulator;

import java.util.List;

/**
 * The workloads a simulated node runs: namespaces, applications, their containers and images, and how much
 * each kind of container uses. A mix a small production cluster might show.
 */
final class Catalog {

  private Catalog() {
  }

  enum Controller { DEPLOYMENT, STATEFUL_SET, DAEMON_SET }

  /**
   * Ranges for one kind of container, drawn log-uniformly (a zero lower bound draws uniformly).
   * Memory in MiB, rates per second.
   */
  enum WorkloadClass {
    SMALL_GO(0.002, 0.05, 15, 60, 2, 20, 0, 0, 1, 1, 8, 20, 0, 2e3, 0, 4e3, 5, 50, 0.01, 1),
    WEB(0.01, 0.3, 8, 64, 10, 200, 0, 0, 2, 5, 2, 5, 0, 5e4, 1e3, 2e4, 10, 200, 1, 10),
    JAVA(0.1, 1.5, 300, 1800, 20, 200, 0, 0, 1, 1, 40, 250, 0, 1e5, 5e3, 2e5, 100, 2000, 5, 50),
    WORKER(0.05, 2.0, 50, 800, 50, 1500, 0, 0, 1, 4, 4, 40, 1e5, 2e7, 5e4, 1e7, 50, 1000, 10, 500),
    CACHE(0.02, 0.4, 100, 2000, 5, 50, 0, 0, 1, 1, 4, 6, 0, 1e4, 1e4, 5e5, 20, 300, 1, 20),
    DB(0.05, 1.0, 100, 600, 200, 3000, 64, 512, 6, 20, 6, 20, 5e4, 1e7, 1e5, 5e6, 100, 1000, 10, 100),
    PROXY(0.01, 0.2, 40, 150, 1, 10, 0, 0, 1, 2, 12, 40, 0, 1e3, 0, 2e3, 20, 200, 0.1, 2),
    COLLECTOR(0.005, 0.1, 10, 80, 5, 100, 0, 0, 1, 1, 4, 16, 1e4, 1e6, 0, 5e4, 10, 100, 0.1, 5);

    final double cpuMin;
    final double cpuMax;
    final double anonMin;
    final double anonMax;
    final double cacheMin;
    final double cacheMax;
    final double shmemMin;
    final double shmemMax;
    final int procMin;
    final int procMax;
    final int threadMin;
    final int threadMax;
    final double readMin;
    final double readMax;
    final double writeMin;
    final double writeMax;
    final double faultMin;
    final double faultMax;
    final double layerMin;
    final double layerMax;

    WorkloadClass(double cpuMin, double cpuMax, double anonMin, double anonMax, double cacheMin,
        double cacheMax, double shmemMin, double shmemMax, int procMin, int procMax, int threadMin,
        int threadMax, double readMin, double readMax, double writeMin, double writeMax,
        double faultMin, double faultMax, double layerMin, double layerMax) {
      this.cpuMin = cpuMin;
      this.cpuMax = cpuMax;
      this.anonMin = anonMin;
      this.anonMax = anonMax;
      this.cacheMin = cacheMin;
      this.cacheMax = cacheMax;
      this.shmemMin = shmemMin;
      this.shmemMax = shmemMax;
      this.procMin = procMin;
      this.procMax = procMax;
      this.threadMin = threadMin;
      this.threadMax = threadMax;
      this.readMin = readMin;
      this.readMax = readMax;
      this.writeMin = writeMin;
      this.writeMax = writeMax;
      this.faultMin = faultMin;
      this.faultMax = faultMax;
      this.layerMin = layerMin;
      this.layerMax = layerMax;
    }
  }

  record ContainerTemplate(String name, WorkloadClass workload, String image) {
  }

  record AppTemplate(String namespace, String name, Controller controller, QosClass qos, boolean hostNetwork,
      int weight, List<ContainerTemplate> containers) {
  }

  static final String PAUSE_IMAGE = "registry.k8s.io/pause:3.9";

  private static final ContainerTemplate ISTIO_PROXY =
      new ContainerTemplate("istio-proxy", WorkloadClass.PROXY, "docker.io/istio/proxyv2:1.20.3");

  /** Sidecars added, in this order, when a pod must hold more containers than its application has. */
  static final List<ContainerTemplate> SIDECARS = List.of(
      ISTIO_PROXY,
      new ContainerTemplate("log-shipper", WorkloadClass.COLLECTOR, "cr.fluentbit.io/fluent/fluent-bit:2.2.1"),
      new ContainerTemplate("config-reloader", WorkloadClass.SMALL_GO,
          "quay.io/prometheus-operator/prometheus-config-reloader:v0.70.0"),
      new ContainerTemplate("oauth2-proxy", WorkloadClass.SMALL_GO, "quay.io/oauth2-proxy/oauth2-proxy:v7.5.1"));

  static final ContainerTemplate EXTRA_SIDECAR =
      new ContainerTemplate("sidecar", WorkloadClass.SMALL_GO, "docker.io/library/busybox:1.36.1");

  static final List<AppTemplate> APPS = List.of(
      app("kube-system", "coredns", Controller.DEPLOYMENT, QosClass.BURSTABLE, false, 2,
          c("coredns", WorkloadClass.SMALL_GO, "registry.k8s.io/coredns/coredns:v1.10.1")),
      app("kube-system", "kube-proxy", Controller.DAEMON_SET, QosClass.BURSTABLE, true, 1,
          c("kube-proxy", WorkloadClass.SMALL_GO, "registry.k8s.io/kube-proxy:v1.28.4")),
      app("kube-system", "metrics-server", Controller.DEPLOYMENT, QosClass.BURSTABLE, false, 1,
          c("metrics-server", WorkloadClass.SMALL_GO,
              "registry.k8s.io/metrics-server/metrics-server:v0.6.4")),
      app("kube-system", "csi-node", Controller.DAEMON_SET, QosClass.BURSTABLE, false, 1,
          c("csi-plugin", WorkloadClass.SMALL_GO, "registry.k8s.io/sig-storage/hostpathplugin:v1.12.1"),
          c("node-driver-registrar", WorkloadClass.SMALL_GO,
              "registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.9.2"),
          c("liveness-probe", WorkloadClass.SMALL_GO, "registry.k8s.io/sig-storage/livenessprobe:v2.11.0")),
      app("monitoring", "node-exporter", Controller.DAEMON_SET, QosClass.BURSTABLE, true, 1,
          c("node-exporter", WorkloadClass.COLLECTOR, "quay.io/prometheus/node-exporter:v1.7.0"),
          c("kube-rbac-proxy", WorkloadClass.SMALL_GO, "quay.io/brancz/kube-rbac-proxy:v0.15.0")),
      app("monitoring", "kube-state-metrics", Controller.DEPLOYMENT, QosClass.BURSTABLE, false, 1,
          c("kube-state-metrics", WorkloadClass.SMALL_GO,
              "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.10.1")),
      app("monitoring", "prometheus", Controller.STATEFUL_SET, QosClass.BURSTABLE, false, 1,
          c("prometheus", WorkloadClass.WORKER, "quay.io/prometheus/prometheus:v2.48.1"),
          c("config-reloader", WorkloadClass.SMALL_GO,
              "quay.io/prometheus-operator/prometheus-config-reloader:v0.70.0")),
      app("monitoring", "grafana", Controller.DEPLOYMENT, QosClass.BURSTABLE, false, 1,
          c("grafana", WorkloadClass.WEB, "docker.io/grafana/grafana:10.2.3"),
          c("grafana-sc-dashboard", WorkloadClass.SMALL_GO, "quay.io/kiwigrid/k8s-sidecar:1.25.2")),
      app("ingress-nginx", "ingress-nginx-controller", Controller.DEPLOYMENT, QosClass.BURSTABLE, false, 2,
          c("controller", WorkloadClass.WEB, "registry.k8s.io/ingress-nginx/controller:v1.9.5")),
      app("logging", "fluent-bit", Controller.DAEMON_SET, QosClass.BURSTABLE, false, 1,
          c("fluent-bit", WorkloadClass.COLLECTOR, "cr.fluentbit.io/fluent/fluent-bit:2.2.1")),
      app("shop", "frontend", Controller.DEPLOYMENT, QosClass.GUARANTEED, false, 6,
          c("frontend", WorkloadClass.WEB, "docker.io/library/nginx:1.25.3"), ISTIO_PROXY),
      app("shop", "checkout-api", Controller.DEPLOYMENT, QosClass.GUARANTEED, false, 6,
          c("checkout-api", WorkloadClass.JAVA, "registry.example.com/shop/checkout-api:3.14.2"),
          ISTIO_PROXY),
      app("shop", "cart", Controller.DEPLOYMENT, QosClass.BURSTABLE, false, 4,
          c("cart", WorkloadClass.JAVA, "registry.example.com/shop/cart:2.7.0"), ISTIO_PROXY),
      app("shop", "redis-cache", Controller.STATEFUL_SET, QosClass.BURSTABLE, false, 2,
          c("redis", WorkloadClass.CACHE, "docker.io/library/redis:7.2.4"),
          c("redis-exporter", WorkloadClass.SMALL_GO, "docker.io/oliver006/redis_exporter:v1.56.0")),
      app("payments", "payments-worker", Controller.DEPLOYMENT, QosClass.BURSTABLE, false, 5,
          c("worker", WorkloadClass.WORKER, "registry.example.com/payments/worker:1.42.0"), ISTIO_PROXY),
      app("payments", "postgres", Controller.STATEFUL_SET, QosClass.GUARANTEED, false, 1,
          c("postgres", WorkloadClass.DB, "docker.io/library/postgres:16.1"),
          c("postgres-exporter", WorkloadClass.SMALL_GO,
              "quay.io/prometheuscommunity/postgres-exporter:v0.15.0")),
      app("search", "search-api", Controller.DEPLOYMENT, QosClass.BURSTABLE, false, 5,
          c("search-api", WorkloadClass.JAVA, "registry.example.com/search/search-api:5.1.3"), ISTIO_PROXY),
      app("search", "indexer", Controller.DEPLOYMENT, QosClass.BURSTABLE, false, 3,
          c("indexer", WorkloadClass.WORKER, "registry.example.com/search/indexer:5.1.3")),
      app("default", "report-builder", Controller.DEPLOYMENT, QosClass.BEST_EFFORT, false, 2,
          c("report-builder", WorkloadClass.WORKER, "registry.example.com/tools/report-builder:0.9.1")));

  private static AppTemplate app(String namespace, String name, Controller controller, QosClass qos,
      boolean hostNetwork, int weight, ContainerTemplate... containers) {
    return new AppTemplate(namespace, name, controller, qos, hostNetwork, weight, List.of(containers));
  }

  private static ContainerTemplate c(String name, WorkloadClass workload, String image) {
    return new ContainerTemplate(name, workload, image);
  }
}
