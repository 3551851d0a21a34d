package dev.criexporter.testsupport.containerd;

import java.nio.file.Path;

/**
 * A JVM that starts a private containerd with a running pod and never closes it, for
 * {@link ShutdownHookIntegrationTest}: it prints {@code READY <containerd pid> <pod cgroup>}
 * and waits to be terminated.
 */
public final class ShutdownHookProbe {

  private ShutdownHookProbe() {
  }

  public static void main(String[] args) throws InterruptedException {
    PrivateContainerd containerd = PrivateContainerd.start(Path.of(args[0]));
    RunningPod pod = containerd.pods().run(PodSpec.builder("abandoned")
        .container(Workloads.idleSleeper("sleeper"))
        .build());
    System.out.println("READY " + containerd.pid() + " " + pod.cgroupParent());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
