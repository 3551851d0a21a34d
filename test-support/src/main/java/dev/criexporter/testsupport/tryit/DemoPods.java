package dev.criexporter.testsupport.tryit;

import dev.criexporter.testsupport.containerd.ContainerSpec;
import dev.criexporter.testsupport.containerd.PodSpec;
import dev.criexporter.testsupport.containerd.QosClass;
import dev.criexporter.testsupport.containerd.Workloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The four demo pods, in namespace {@value #NAMESPACE}, each doing something different that
 * shows in the metrics:
 * <ul>
 *   <li>{@code burner}: spins a shell loop under a CFS quota of half a core (burstable);</li>
 *   <li>{@code grower}: adds {@value #GROWER_STEP_MIB} MiB to {@code /dev/shm} every
 *       {@value #GROWER_PAUSE_SECONDS} s until its working set is just over 90 % of its
 *       {@value #GROWER_LIMIT_MIB} MiB limit, then holds it (burstable);</li>
 *   <li>{@code idle}: sleeps (best effort);</li>
 *   <li>{@code restarter}: exits with code 1 after a while; {@link Restarter} starts it again
 *       as kubelet would (best effort).</li>
 * </ul>
 */
final class DemoPods {

  static final String NAMESPACE = "try-it";
  static final String BURNER = "burner";
  static final String GROWER = "grower";
  static final String IDLE = "idle";
  static final String RESTARTER = "restarter";
  static final List<String> CONTAINERS = List.of(BURNER, GROWER, IDLE, RESTARTER);

  static final int GROWER_LIMIT_MIB = 64;
  static final int GROWER_STEP_MIB = 4;
  static final int GROWER_PAUSE_SECONDS = 3;
  /** What the grower ends up holding: 90 % of its limit, rounded up to a whole MiB. */
  static final int GROWER_TARGET_MIB = (int) Math.ceil(GROWER_LIMIT_MIB * 0.9);

  static final int RESTARTER_EXIT_CODE = 1;

  private static final long MIB = 1024L * 1024;

  private DemoPods() {
  }

  /** The pods, each with one container named like the pod; uids are random. */
  static List<PodSpec> specs(Duration restartEvery) {
    return List.of(
        pod(BURNER, QosClass.BURSTABLE, Workloads.cpuBurner(BURNER)),
        pod(GROWER, QosClass.BURSTABLE, grower()),
        pod(IDLE, QosClass.BEST_EFFORT, Workloads.idleSleeper(IDLE)),
        pod(RESTARTER, QosClass.BEST_EFFORT, restarter(restartEvery)));
  }

  static ContainerSpec restarter(Duration restartEvery) {
    return Workloads.exitsAfter(RESTARTER, restartEvery, RESTARTER_EXIT_CODE);
  }

  static ContainerSpec grower() {
    String script = growerScript("/dev/shm", growthSteps(GROWER_TARGET_MIB, GROWER_STEP_MIB),
        GROWER_PAUSE_SECONDS, "exec sleep 2147483647");
    return ContainerSpec.builder(GROWER)
        .command("/bin/sh", "-c", script)
        .memoryLimitBytes(GROWER_LIMIT_MIB * MIB)
        .build();
  }

  /** Steps of {@code stepMib} MiB, the last one smaller if need be, adding up to {@code targetMib}. */
  static List<Integer> growthSteps(int targetMib, int stepMib) {
    if (targetMib < 1 || stepMib < 1) {
      throw new IllegalArgumentException("target and step must be positive: " + targetMib + ", " + stepMib);
    }
    List<Integer> steps = new ArrayList<>();
    for (int total = 0; total < targetMib; total += stepMib) {
      steps.add(Math.min(stepMib, targetMib - total));
    }
    return steps;
  }

  /**
   * A busybox shell script writing one file of each step's size into {@code dir}, pausing
   * {@code pauseSeconds} after each, then running {@code hold}.
   */
  static String growerScript(String dir, List<Integer> stepsMib, int pauseSeconds, String hold) {
    String sizes = stepsMib.stream().map(String::valueOf).collect(Collectors.joining(" "));
    return "n=0; for mib in " + sizes + "; do n=$((n+1));"
        + " dd if=/dev/zero of=" + dir + "/grown-$n bs=1048576 count=$mib 2>/dev/null || exit 1;"
        + " sleep " + pauseSeconds + "; done; " + hold;
  }

  private static PodSpec pod(String name, QosClass qos, ContainerSpec container) {
    return PodSpec.builder(name)
        .namespace(NAMESPACE)
        .qosClass(qos)
        .label("app", name)
        .container(container)
        .build();
  }
}
