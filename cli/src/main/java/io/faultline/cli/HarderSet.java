package io.faultline.cli;

import io.faultline.checkers.format.HistoryFormat;
import io.faultline.checkers.linear.Verdict;
import io.faultline.checkers.model.CasRegister;
import io.faultline.checkers.model.Models;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The harder set of {@code faultline bench --harder}: seeded {@link SyntheticHistories} beyond the
 * reference ones — kv stores with 100 and 200 clients, cas-registers with 20 and 50 processes and many
 * timed-out operations — written in Porcupine's formats (kv log, Jepsen etcd log) so that Porcupine's
 * own parsers read the same files. Each file is a set of its own, so that each is measured in a
 * process of its own.
 */
final class HarderSet {
    private HarderSet() {
    }

    private record Spec(String file, Supplier<SyntheticHistories.Synthetic> history) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("kv-c100-ok.txt", () -> SyntheticHistories.kv(100, 100, 20, 20, false)),
            new Spec("kv-c100-bad.txt", () -> SyntheticHistories.kv(100, 100, 20, 20, true)),
            new Spec("kv-c200-ok.txt", () -> SyntheticHistories.kv(200, 200, 40, 20, false)),
            new Spec("kv-c200-bad.txt", () -> SyntheticHistories.kv(200, 200, 40, 20, true)),
            new Spec("cas-p20-ok.log", () -> SyntheticHistories.casRegister(20, 20, 400, 0.1, 0.1, false)),
            new Spec("cas-p20-bad.log", () -> SyntheticHistories.casRegister(20, 20, 400, 0.1, 0.1, true)),
            new Spec("cas-p50-ok.log", () -> SyntheticHistories.casRegister(50, 50, 1000, 0.2, 0.05, false)),
            new Spec("cas-p50-bad.log", () -> SyntheticHistories.casRegister(50, 50, 1000, 0.2, 0.05, true)));

    /** Writes every file of the set into {@code dir} (the same bytes for the same version of this class). */
    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Spec spec : SPECS) {
            try (Writer out = Files.newBufferedWriter(dir.resolve(spec.file()))) {
                format(spec.file()).write(spec.history().get().history(), out);
            }
        }
    }

    /** The sets, one per file, as {@link #write} leaves them in {@code dir}. */
    static List<BenchSet> sets() {
        List<BenchSet> sets = new ArrayList<>();
        for (Spec spec : SPECS) {
            boolean kv = spec.file().startsWith("kv-");
            Verdict expected = spec.file().contains("-ok.") ? Verdict.VALID : Verdict.INVALID;
            BenchSet.BenchFile file = kv
                    ? new BenchSet.BenchFile(spec.file(), format(spec.file()), Models.byName("kv", null), expected,
                            null, "kv")
                    : new BenchSet.BenchFile(spec.file(), format(spec.file()),
                            Models.byName("cas-register", null, CasRegister.Semantics.PORCUPINE), expected, null, "etcd");
            String name = spec.file().replaceFirst("\\.\\w+$", "");
            sets.add(new BenchSet("harder/" + name, name, List.of(file), null));
        }
        return sets;
    }

    private static HistoryFormat format(String file) {
        return file.endsWith(".txt") ? HistoryFormat.PORCUPINE_KV : HistoryFormat.JEPSEN_LOG;
    }
}
