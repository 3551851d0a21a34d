package dev.criexporter.testsupport.tryit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's outcomes that start nothing. */
class TryItTest {

  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aBadOptionIsNamedWithTheUsageAndExitCode2() {
    assertThat(TryIt.run(new String[] {"--exporter-port=http"}, out)).isEqualTo(2);
    assertThat(printed()).startsWith("try-it: --exporter-port must be a port number").contains(TryItOptions.USAGE);
  }

  @Test
  void helpPrintsTheUsage() {
    assertThat(TryIt.run(new String[] {"--help"}, out)).isZero();
    assertThat(printed()).isEqualTo(TryItOptions.USAGE + System.lineSeparator());
  }

  @Test
  void downWithNothingRunningSaysSo(@TempDir Path tmp) {
    assertThat(TryIt.run(new String[] {"--down", "--state-dir=" + tmp.resolve("state")}, out)).isZero();
    assertThat(printed()).startsWith("try-it is not running");
  }
}
