package dev.criexporter.testsupport.tryit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StepReporterTest {

  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  final AtomicLong clock = new AtomicLong();
  final StepReporter steps = new StepReporter(out, 3, clock::get);

  String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  void advance(Duration duration) {
    clock.addAndGet(duration.toNanos());
  }

  @Test
  void eachStepIsOneNumberedLineWithItsDurationAndNote() {
    String result = steps.run("starting containerd", "", () -> {
      advance(Duration.ofMillis(430));
      steps.note("pid 42");
      return "started";
    });
    steps.run("starting the pods", "", () -> advance(Duration.ofMillis(12_345)));

    assertThat(result).isEqualTo("started");
    assertThat(printed()).isEqualTo("""
            [1/3] starting containerd ... ok (0.4 s; pid 42)
            [2/3] starting the pods ... ok (12.3 s)
            """);
  }

  @Test
  void aFailureShowsWhatFailedAndTheStepsFix() {
    assertThatThrownBy(() -> steps.run("starting the exporter", "see exporter.log", () -> {
      advance(Duration.ofSeconds(2));
      throw new IllegalStateException("connection refused\nsecond line");
    })).isInstanceOfSatisfying(StepFailure.class, e -> {
      assertThat(e.getMessage()).isEqualTo("starting the exporter failed: connection refused\nsecond line");
      assertThat(e.fix()).isEqualTo("see exporter.log");
    });

    assertThat(printed()).isEqualTo("""
            [1/3] starting the exporter ... FAILED (2.0 s)
                  connection refused
                  second line
                  fix: see exporter.log
            """);
  }

  @Test
  void aStepFailureBringsItsOwnFix() {
    assertThatThrownBy(() -> steps.run("checking prerequisites", "generic fix", () -> {
      throw new StepFailure("not running as root", "sudo scripts/try-it.sh");
    })).isInstanceOfSatisfying(StepFailure.class, e -> assertThat(e.fix()).isEqualTo("sudo scripts/try-it.sh"));

    assertThat(printed()).contains("      not running as root", "      fix: sudo scripts/try-it.sh")
        .doesNotContain("generic fix");
  }

  @Test
  void anExceptionWithoutMessageIsNamedByItsType() {
    assertThatThrownBy(() -> steps.run("step", "", () -> {
      throw new NullPointerException();
    })).isInstanceOf(StepFailure.class);

    assertThat(printed()).contains("      java.lang.NullPointerException").doesNotContain("fix:");
  }

  @Test
  void aNoteBelongsToTheStepThatSetIt() {
    steps.run("one", "", () -> steps.note("first"));
    steps.run("two", "", () -> { });

    assertThat(printed()).contains("[1/3] one ... ok (0.0 s; first)", "[2/3] two ... ok (0.0 s)\n");
  }

  @Test
  void secondsHaveOneDecimalWhateverTheLocale() {
    assertThat(StepReporter.seconds(Duration.ofMillis(1250))).isEqualTo("1.3 s");
    assertThat(StepReporter.seconds(Duration.ZERO)).isEqualTo("0.0 s");
  }
}
