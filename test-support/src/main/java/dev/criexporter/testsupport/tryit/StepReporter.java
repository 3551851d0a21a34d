package dev.criexporter.testsupport.tryit;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * Runs numbered steps and tells how each went, one line per step:
 *
 * <pre>
 * [2/6] starting a private containerd ... ok (0.6 s; pid 4242, image imported in 0.3 s)
 * [4/6] starting the exporter on 127.0.0.1:9758 ... FAILED (30.0 s)
 *       the exporter did not answer /readyz within 30 s
 *       fix: see its log, /tmp/cri-exporter-try-it/exporter.log
 * </pre>
 *
 * A step can add a note to its line with {@link #note(String)}. A failing step is reported with
 * the failure's message and fix, and rethrown as a {@link StepFailure}.
 */
final class StepReporter {

  private static final String INDENT = "      ";

  private final PrintStream out;
  private final int total;
  private final LongSupplier nanoClock;
  private int number;
  private String note;

  StepReporter(PrintStream out, int total, LongSupplier nanoClock) {
    this.out = out;
    this.total = total;
    this.nanoClock = nanoClock;
  }

  StepReporter(PrintStream out, int total) {
    this(out, total, System::nanoTime);
  }

  /**
   * Runs {@code step} as the next step, titled {@code what}.
   *
   * @param fix what to suggest when the step fails with anything but a {@link StepFailure} that
   *            brings its own fix
   * @throws StepFailure if the step throws
   */
  <T> T run(String what, String fix, Callable<T> step) {
    number++;
    note = null;
    out.print("[" + number + "/" + total + "] " + what + " ... ");
    out.flush();
    long started = nanoClock.getAsLong();
    T result;
    try {
      result = step.call();
    } catch (Exception e) {
      Duration took = Duration.ofNanos(nanoClock.getAsLong() - started);
      StepFailure failure = e instanceof StepFailure f ? f
          : new StepFailure(describe(e), fix, e);
      String advice = failure.fix().isEmpty() ? fix : failure.fix();
      out.println("FAILED (" + seconds(took) + ")");
      for (String line : failure.getMessage().split("\\R")) {
        out.println(INDENT + line);
      }
      if (!advice.isEmpty()) {
        out.println(INDENT + "fix: " + advice);
      }
      out.flush();
      throw new StepFailure(what + " failed: " + failure.getMessage(), advice, e);
    }
    Duration took = Duration.ofNanos(nanoClock.getAsLong() - started);
    out.println("ok (" + seconds(took) + (note == null ? "" : "; " + note) + ")");
    out.flush();
    return result;
  }

  /** Runs a step with no result; see {@link #run(String, String, Callable)}. */
  void run(String what, String fix, Action step) {
    run(what, fix, () -> {
      step.run();
      return null;
    });
  }

  /** Adds {@code text} to the current step's line, after its duration. */
  void note(String text) {
    note = text;
  }

  /** {@code 0.4 s}, {@code 12.0 s}: one decimal, as every step line shows it. */
  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toNanos() / 1e9);
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.toString() : message;
  }

  /** A step that returns nothing. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }
}
