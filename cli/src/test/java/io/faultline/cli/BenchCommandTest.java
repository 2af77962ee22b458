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
    }

    @Test
    void aDirectoryWithoutVerdictsIsAUsageError() {
        CliRun run = CliRun.of("bench", "--histories", dir.toString());

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("has no verdicts.tsv").contains("--histories");
    }
}
