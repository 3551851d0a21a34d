package dev.criexporter.testsupport.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

  @TempDir
  Path dir;

  @Test
  void keepsTheLastLines() throws Exception {
    Path log = Files.writeString(dir.resolve("log"), "one\ntwo\nthree\nfour\n");

    assertThat(LogTail.of(log, 2)).isEqualTo("three\nfour\n");
  }

  @Test
  void dropsTheCutFirstLineOfALargeFile() throws Exception {
    String lines = IntStream.range(0, 5000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
    Path log = Files.writeString(dir.resolve("log"), lines);

    String tail = LogTail.of(log, 100_000);

    assertThat(tail).endsWith("line 4999\n");
    assertThat(tail.lines()).allMatch(line -> line.matches("line \\d+"));
  }

  @Test
  void saysWhenThereIsNoLog() {
    assertThat(LogTail.of(dir.resolve("absent"), 5)).contains("no log file");
  }
}
