package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline report} on the real run directories the reports module keeps as test data. */
class ReportCommandTest {
    @TempDir
    Path scratch;

    @Test
    void rendersARunDirectoryIntoItsReport() throws IOException {
        Path run = copy("planted-bug");

        CliRun cli = CliRun.of("report", run.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out().strip()).isEqualTo(run.resolve("report.html").toString());
        assertThat(Files.readString(run.resolve("report.html"))).contains("data-faultline=\"counterexample\"");
        assertThat(run.resolve("report-summary.svg")).content().startsWith("<svg");
    }

    @Test
    void writesTheReportWhereOutSays() throws IOException {
        Path run = copy("zookeeper-cas");
        Path out = scratch.resolve("elsewhere/zk.html");

        CliRun cli = CliRun.of("report", run.toString(), "--out", out.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(out).content().contains("data-faultline=\"timeline\"");
        assertThat(run.resolve("report.html")).doesNotExist();
    }

    @Test
    void aDirectoryOfRunsGetsEachReportAndAnIndex() throws IOException {
        copy("planted-bug");
        copy("reference-detection");

        CliRun cli = CliRun.of("report", scratch.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(scratch.resolve("index.html")).content().contains("planted-bug/report.html", "reference-detection/report.html");
        assertThat(scratch.resolve("planted-bug/report.html")).exists();
    }

    @Test
    void reRenderingABuildsIndexDrawsItsTrendsWithoutAddingABuild() throws IOException {
        copy("planted-bug");
        String line = "{\"build\":\"b1\",\"test\":\"io.faultline.suites.reference.AckBeforeReplicateIsCaughtTest$WithTheBug"
                + "#lostAcknowledgedWritesAreCaught\",\"durationMs\":8000}\n";
        Files.writeString(scratch.resolve("faultline-history.jsonl"), line);

        CliRun cli = CliRun.of("report", scratch.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(scratch.resolve("index.html")).content().contains("Trends over the last 20 builds");
        assertThat(scratch.resolve("faultline-history.jsonl")).hasContent(line.strip());
    }

    @Test
    void aDirectoryThatIsNoRunSaysWhatToGive() throws IOException {
        Path empty = Files.createDirectories(scratch.resolve("empty"));

        CliRun cli = CliRun.of("report", empty.toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.DATA);
        assertThat(cli.err()).contains(empty + ": no run directory here", "target/faultline/<TestClass>/<method>/<timestamp>");
    }

    @Test
    void aMissingDirectoryIsADataError() {
        CliRun cli = CliRun.of("report", scratch.resolve("nope").toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.DATA);
        assertThat(cli.err()).contains("nope: no such directory");
    }

    private Path copy(String fixture) throws IOException {
        Path source = CliRun.root().resolve("reports/src/test/resources/runs").resolve(fixture);
        Path target = scratch.resolve(fixture);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        return target;
    }
}
