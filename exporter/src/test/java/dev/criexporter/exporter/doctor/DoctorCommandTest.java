package dev.criexporter.exporter.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.criexporter.exporter.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code cri-exporter doctor} through picocli: arguments, output formats and exit codes. */
class DoctorCommandTest {

  /** What one command run printed and returned. */
  record Run(int exitCode, String out, String err) {
  }

  static Run execute(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Runs the doctor subcommand on a fake runtime; records what the factory was asked. */
  static final class Fake implements DoctorCommand.ClientFactory {
    final FakeCri cri = new FakeCri();
    final List<String> asked = new ArrayList<>();

    @Override
    public FakeCri open(Path hostRoot, Optional<String> endpoint, Duration timeout) {
      asked.add(hostRoot + " " + endpoint.orElse("probe") + " " + timeout);
      return cri;
    }

    Run run(String... args) {
      Path absent = Fixtures.root("v2-healthy").resolveSibling("no-process-root");
      return execute(new CommandLine(new DoctorCommand(this, Fixtures.CLOCK, absent)), args);
    }
  }

  @Test
  void aHealthyNodeExitsZeroAndPrintsTheTable() throws Exception {
    Fake fake = new Fake();
    DoctorFixtureTest.webPod(true).accept(fake.cri);
    Path root = Fixtures.root("v2-healthy");
    Run run = fake.run("--path.hostroot=" + root, "--cri.endpoint=unix:///run/x.sock",
        "--cri.timeout=2s");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("cri-exporter doctor: host root " + root + ", cgroup root "
        + root.resolve("sys/fs/cgroup") + ", runtime " + FakeCri.ENDPOINT + "\n\n");
    assertThat(run.out()).endsWith(Files.readString(Fixtures.EXPECTED.resolve("v2-healthy.txt")));
    assertThat(fake.asked).containsExactly(root + " unix:///run/x.sock PT2S");
    assertThat(fake.cri.closed).isTrue();
  }

  @Test
  void warningsAndUnknownsExitOne() {
    Fake fake = new Fake();
    DoctorFixtureTest.webPod(true).accept(fake.cri);
    Run run = fake.run("--path.hostroot=" + Fixtures.root("no-kubelet-config"));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("cgroup_driver           unknown");
    assertThat(fake.asked).singleElement().asString().contains(" probe PT5S");
  }

  @Test
  void jsonCarriesEveryCheckAndTheExitCode() {
    Fake fake = new Fake();
    DoctorFixtureTest.webPod(false).accept(fake.cri);
    Run run = fake.run("--path.hostroot=" + Fixtures.root("hybrid-driver-mismatch"),
        "--output=json");
    assertThat(run.exitCode()).isEqualTo(2);
    JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(json.get("exitCode").getAsInt()).isEqualTo(2);
    assertThat(json.getAsJsonObject("summary").get("critical").getAsInt()).isEqualTo(1);
    assertThat(json.getAsJsonArray("checks")).hasSize(CheckId.values().length);
    JsonObject driver = json.getAsJsonArray("checks").asList().stream()
        .map(e -> e.getAsJsonObject())
        .filter(o -> o.get("check").getAsString().equals("cgroup_driver")).findFirst()
        .orElseThrow();
    assertThat(driver.get("result").getAsString()).isEqualTo("critical");
    assertThat(driver.get("severity").getAsString()).isEqualTo("critical");
    assertThat(driver.get("value").getAsString()).isEqualTo("cgroupfs");
    assertThat(driver.get("evidence").getAsString()).contains("kubelet: systemd");
    assertThat(driver.get("remedy").getAsString()).contains("SystemdCgroup = true");
    JsonObject kernel = json.getAsJsonArray("checks").get(CheckId.KERNEL.ordinal())
        .getAsJsonObject();
    assertThat(kernel.has("remedy")).isFalse();
  }

  @Test
  void isASubcommandOfTheExporterAndFailsCriticallyWithoutARuntime() {
    Path root = Fixtures.root("v2-healthy");
    String socket = "--cri.endpoint=unix://" + root.resolve("no-such.sock");
    Run table = execute(Main.commandLine(), "doctor", "--path.hostroot=" + root, socket);
    assertThat(table.exitCode()).as(table.err()).isEqualTo(2);
    assertThat(table.out()).contains("runtime                 critical")
        .contains("runtime_conditions      unknown");
    Run json = execute(Main.commandLine(), "doctor", "--path.hostroot=" + root, socket, "-o",
        "json");
    assertThat(json.exitCode()).isEqualTo(2);
    JsonObject runtime = JsonParser.parseString(json.out()).getAsJsonObject()
        .getAsJsonArray("checks").get(CheckId.RUNTIME.ordinal()).getAsJsonObject();
    assertThat(runtime.get("check").getAsString()).isEqualTo("runtime");
    assertThat(runtime.get("value").getAsString()).isEqualTo("unreachable");
    assertThat(runtime.get("evidence").getAsString()).endsWith("no-such.sock does not exist");
  }

  @Test
  void badArgumentsExitWithTheUsageCodeAndNameTheFlag() {
    String root = "--path.hostroot=" + Fixtures.root("v2-healthy");
    for (String[] args : List.of(
        new String[] {"doctor", root, "--output=xml"},
        new String[] {"doctor", "--path.hostroot=relative/dir"},
        new String[] {"doctor", root, "--cri.endpoint=tcp://10.0.0.1:1234"},
        new String[] {"doctor", root, "--cri.timeout=soon"},
        new String[] {"doctor", root, "--no-such-flag"})) {
      Run run = execute(Main.commandLine(), args);
      String flag = args[args.length - 1].replaceAll("=.*", "");
      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(DoctorCommand.EXIT_USAGE);
      assertThat(run.err()).as(String.join(" ", args)).contains(flag);
    }
  }

  @Test
  void helpDescribesTheExitCodes() {
    Run run = execute(Main.commandLine(), "doctor", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Exit code: 0 all checks ok, 1 warnings or unknowns, 2")
        .contains("--path.hostroot", "--cri.endpoint", "--output");
    assertThat(execute(Main.commandLine(), "--help").out()).contains("doctor");
  }
}
