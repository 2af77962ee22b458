package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    private static final List<String> FILES = List.of(
            "porcupine/test_data/jepsen/etcd_000.log",
            "porcupine/test_data/jepsen/etcd_005.log",
            "porcupine/test_data/kv/c01-ok.txt",
            "porcupine/test_data/kv/c01-bad.txt",
            "knossos/data/cas-register/bad/bad-analysis.edn",
            "knossos/data/cas-register/good/cas-register-bug.edn");

    @TempDir
    Path dir;

    /** A small copy of the reference histories: a few fast files of each kind, and their verdicts. */
    private Path fewHistories() throws IOException {
        Path shared = CliRun.histories();
        for (String file : FILES) {
            Path copy = dir.resolve(file);
            Files.createDirectories(copy.getParent());
            Files.copy(shared.resolve(file), copy);
        }
        List<String> verdicts = Files.readAllLines(shared.resolve("verdicts.tsv"));
        Files.write(dir.resolve("verdicts.tsv"), verdicts.stream()
                .filter(line -> line.startsWith("file\t") || FILES.contains(line.split("\t")[0]))
                .collect(Collectors.toList()));
        Files.copy(shared.resolve("porcupine-baseline-timings.tsv"), dir.resolve("porcupine-baseline-timings.tsv"));
        return dir;
    }

    @Test
    void printsOneRowPerSetWithVerdictsAndPorcupinesTimes() throws IOException {
        Path histories = fewHistories();
        Path out = dir.resolve("table.md");

        CliRun run = CliRun.of("bench", "--histories", histories.toString(), "--reps", "1", "--warmup", "0",
                "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("| etcd (2 Jepsen logs, Porcupine semantics, cas-register initial nil) | 2 / 2 |")
                .contains("| kv partitioned (2 Porcupine kv files, model kv) | 2 / 2 |")
                .contains("| knossos cas-register (2 files, initial 0) | 2 / 2 |")
                .doesNotContain("unpartitioned").doesNotContain("Not as expected");
        String etcdRow = run.out().lines().filter(l -> l.startsWith("| etcd")).findFirst().orElseThrow();
        assertThat(etcdRow.split("\\|")[5].strip()).as("Porcupine's time").matches("\\d+\\.\\d");
        String knossosRow = run.out().lines().filter(l -> l.startsWith("| knossos")).findFirst().orElseThrow();
        assertThat(knossosRow.split("\\|")[5].strip()).as("no Porcupine time for Knossos' files").isEqualTo("—");
        assertThat(Files.readString(out)).isEqualTo(run.out());
        assertThat(run.out()).contains("NOT from this sitting").contains("measured 2026-12-05");
        assertThat(etcdRow.split("\\|")[8].strip()).as("peak RSS of the set's own JVM").matches("\\d+");
    }

    @Test
    void onlyTheSetsAskedFor() throws IOException {
        CliRun run = CliRun.of("bench", "--histories", fewHistories().toString(), "--reps", "1", "--warmup", "0",
                "--set", "kv");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("| kv partitioned").doesNotContain("| etcd").doesNotContain("| knossos");
    }

    @Test
    void anUnknownSetIsAUsageErrorNamingTheSets() throws IOException {
        CliRun run = CliRun.of("bench", "--histories", fewHistories().toString(), "--set", "kv-partitioned");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("no set 'kv-partitioned'").contains("kv-unpartitioned").contains("harder/kv-c100-ok");
    }

    /**
     * Porcupine, built from its sources with Go, checks the harder set's file beside ours in the same
     * sitting. Needs Go (CI installs it) and ../shared/tools/porcupine.
     */
    @Test
    void againstPorcupineRunsItOnTheSameFiles() throws IOException {
        Path porcupine = CliRun.histories().resolveSibling("tools").resolve("porcupine");
        boolean ready = goInstalled() && Files.isRegularFile(porcupine.resolve("porcupine.go"));
        if (!ready && System.getenv("CI") == null) {
            System.err.println("SKIPPED LOUDLY: BenchCommandTest.againstPorcupineRunsItOnTheSameFiles needs Go "
                    + "(apt-get install -y golang-go) and Porcupine's sources at " + porcupine);
            return;
        }
        Path keep = dir.resolve("harder");

        CliRun run = CliRun.of("bench", "--histories", fewHistories().toString(), "--porcupine", porcupine.toString(),
                "--against-porcupine", "--set", "harder/cas-p20-ok", "--harder-dir", keep.toString(),
                "--reps", "1", "--warmup", "0");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Porcupine ran in this sitting");
        String row = run.out().lines().filter(l -> l.startsWith("| cas-p20-ok")).findFirst().orElseThrow();
        String[] cells = row.split("\\|");
        assertThat(cells[2].strip()).isEqualTo("valid");
        assertThat(cells[4].strip()).as("Porcupine's verdict").isEqualTo("valid");
        assertThat(cells[5].strip()).matches("\\d+\\.\\d");
        assertThat(cells[8].strip()).as("Porcupine's peak RSS").matches("\\d+");
        assertThat(keep.resolve("cas-p20-ok.log")).isRegularFile();
    }

    private static boolean goInstalled() {
        try {
            return new ProcessBuilder("go", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void aDirectoryWithoutVerdictsIsAUsageError() {
        CliRun run = CliRun.of("bench", "--histories", dir.toString());

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("has no verdicts.tsv").contains("--histories");
    }
}
