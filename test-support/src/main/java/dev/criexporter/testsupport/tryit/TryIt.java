package dev.criexporter.testsupport.tryit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * cri-exporter on a real, private node in one command (see {@code scripts/try-it.sh}): a
 * containerd of its own with four demo pods, the exporter reading it and Prometheus scraping the
 * exporter with the bundled alert rules, all on 127.0.0.1, until Ctrl-C. {@code --down} stops it
 * from another shell, or cleans up after one that was killed.
 *
 * <p>Exit codes: 0 stopped or down cleanly, 1 a step failed or something was left behind,
 * 2 bad command line. Stopped by a signal, the JVM exits with 128 + the signal's number.
 */
public final class TryIt {

  /**
   * gRPC's transport logs through java.util.logging; its warnings (an unsupported socket option
   * on Unix sockets) would cut into the step lines. Held here: JUL keeps loggers weakly.
   */
  private static final Logger GRPC_LOG = Logger.getLogger("io.grpc");

  private TryIt() {
  }

  public static void main(String[] args) {
    GRPC_LOG.setLevel(Level.SEVERE);
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) {
    TryItOptions options;
    try {
      options = TryItOptions.parse(args, Path.of("").toAbsolutePath());
    } catch (IllegalArgumentException e) {
      out.println("try-it: " + e.getMessage());
      out.println(TryItOptions.USAGE);
      return 2;
    }
    if (options.help()) {
      out.println(TryItOptions.USAGE);
      return 0;
    }
    if (options.down()) {
      return Teardown.down(options, out);
    }
    return up(options, out);
  }

  private static int up(TryItOptions options, PrintStream out) {
    Session session = new Session(options, out);
    Runtime.getRuntime().addShutdownHook(new Thread(session::close, "try-it-cleanup"));
    try {
      session.up();
    } catch (StepFailure e) {
      session.close();
      return 1;
    } catch (RuntimeException | Error e) {
      out.println();
      out.println("try-it failed unexpectedly: " + e);
      e.printStackTrace(out);
      session.close();
      return 1;
    }
    try {
      session.watch();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
