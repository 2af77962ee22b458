package io.faultline.cli;

import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Operation;
import io.faultline.checkers.linear.LinearizabilityChecker;
import io.faultline.checkers.linear.LinearizabilityResult;
import io.faultline.checkers.linear.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench",
        description = {
            "Times the linearizability checker on the reference histories and compares each verdict with "
                    + "verdicts.tsv and each set's time with Porcupine's (porcupine-baseline-timings.tsv). "
                    + "Prints a Markdown table.",
            "",
            "Each file is read once; then it is checked --warmup times untimed and --reps times timed "
                    + "(reading excluded, as Porcupine's baseline measured CheckEvents only)."},
        sortOptions = false)
final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--histories", paramLabel = "DIR",
            description = "The reference histories, with verdicts.tsv and porcupine-baseline-timings.tsv. "
                    + "Default: $FAULTLINE_HISTORIES, else ../shared/histories beside the repository.")
    private Path histories;

    @Option(names = "--reps", paramLabel = "N", defaultValue = "5",
            description = "Timed checks of each file. Default ${DEFAULT-VALUE}, as Porcupine's baseline.")
    private int reps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
            description = "Untimed checks of each file first, for the JIT. Default ${DEFAULT-VALUE}.")
    private int warmup;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the table to FILE.")
    private Path out;

    /** What one set measured. Times are in nanoseconds. */
    private record SetResult(BenchSet set, int asExpected, long sumOfMedians, long sumOfMins, Double porcupineMillis,
            long peakHeap, List<String> surprises) {
    }

    @Override
    public Integer call() throws IOException {
        if (reps < 1 || warmup < 0) {
            throw new ParameterException(spec.commandLine(), "--reps must be at least 1 and --warmup at least 0");
        }
        Path dir = historiesDir();
        Map<String, Verdict> expected = expectedVerdicts(dir.resolve("verdicts.tsv"));
        Map<String, Double> porcupine = porcupineMedians(dir.resolve("porcupine-baseline-timings.tsv"));
        PrintWriter err = spec.commandLine().getErr();
        List<SetResult> results = new ArrayList<>();
        for (BenchSet set : BenchSet.all(expected.keySet())) {
            if (set.files().isEmpty()) {
                continue;
            }
            err.println("bench: " + set.name() + " ...");
            err.flush();
            results.add(run(dir, set, expected, porcupine));
        }
        String table = table(results);
        spec.commandLine().getOut().print(table);
        spec.commandLine().getOut().flush();
        if (out != null) {
            Files.writeString(out, table);
        }
        return ExitCodes.OK;
    }

    private Path historiesDir() {
        Path dir = histories;
        if (dir == null && System.getenv("FAULTLINE_HISTORIES") != null) {
            dir = Path.of(System.getenv("FAULTLINE_HISTORIES"));
        }
        if (dir == null && System.getProperty("faultline.histories") != null) {
            // bin/faultline sets this to ../shared/histories beside the repository
            dir = Path.of(System.getProperty("faultline.histories"));
        }
        if (dir == null) {
            throw new ParameterException(spec.commandLine(), "where are the reference histories? Pass "
                    + "--histories DIR or set FAULTLINE_HISTORIES");
        }
        if (!Files.isRegularFile(dir.resolve("verdicts.tsv"))) {
            throw new ParameterException(spec.commandLine(), dir + " has no verdicts.tsv; pass --histories DIR "
                    + "with the reference histories (../shared/histories beside the repository)");
        }
        return dir;
    }

    private SetResult run(Path dir, BenchSet set, Map<String, Verdict> expected, Map<String, Double> porcupine) {
        LinearizabilityChecker checker = LinearizabilityChecker.create();
        int asExpected = 0;
        long sumOfMedians = 0;
        long sumOfMins = 0;
        double porcupineMillis = 0;
        boolean porcupineTimedAll = true;
        List<String> surprises = new ArrayList<>();
        System.gc();
        try (HeapSampler heap = new HeapSampler()) {
            for (BenchSet.BenchFile file : set.files()) {
                List<Operation> operations;
                try {
                    operations = file.format().read(dir.resolve(file.path())).operations();
                } catch (HistoryException | IOException e) {
                    surprises.add(file.path() + ": unreadable: " + e.getMessage());
                    continue;
                }
                for (int i = 0; i < warmup; i++) {
                    checker.check(file.model(), operations);
                }
                long[] times = new long[reps];
                LinearizabilityResult result = null;
                for (int i = 0; i < reps; i++) {
                    long start = System.nanoTime();
                    result = checker.check(file.model(), operations);
                    times[i] = System.nanoTime() - start;
                }
                Arrays.sort(times);
                sumOfMedians += median(times);
                sumOfMins += times[0];
                if (result.verdict() == expected.get(file.path())) {
                    asExpected++;
                } else {
                    surprises.add(file.path() + ": expected " + expected.get(file.path()) + ", got "
                            + result.verdict() + (result.reason() == null ? "" : " (" + result.reason() + ")"));
                }
                Double theirs = file.porcupineModel() == null ? null
                        : porcupine.get(file.path() + "\t" + file.porcupineModel());
                if (theirs == null) {
                    porcupineTimedAll = false;
                } else {
                    porcupineMillis += theirs;
                }
            }
            return new SetResult(set, asExpected, sumOfMedians, sumOfMins, porcupineTimedAll ? porcupineMillis : null,
                    heap.peakBytes(), surprises);
        }
    }

    private static long median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** File → VALID or INVALID, for the files whose source project asserts a verdict. */
    private static Map<String, Verdict> expectedVerdicts(Path tsv) throws IOException {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (String[] row : rows(tsv, "file", "expected")) {
            if (row[1].equals("linearizable")) {
                verdicts.put(row[0], Verdict.VALID);
            } else if (row[1].equals("NOT linearizable")) {
                verdicts.put(row[0], Verdict.INVALID);
            }
        }
        return verdicts;
    }

    /**
     * "file TAB model" → the mean of Porcupine's two runs' median milliseconds (the median of two
     * numbers), or nothing when the file is missing.
     */
    private static Map<String, Double> porcupineMedians(Path tsv) throws IOException {
        Map<String, Double> medians = new HashMap<>();
        if (!Files.isRegularFile(tsv)) {
            return medians;
        }
        for (String[] row : rows(tsv, "file", "model", "run1_median_ms", "run2_median_ms")) {
            medians.put(row[0] + "\t" + row[1], (Double.parseDouble(row[2]) + Double.parseDouble(row[3])) / 2);
        }
        return medians;
    }

    /** The named columns of a tab-separated file with a header row; lines starting with # are comments. */
    private static List<String[]> rows(Path tsv, String... columns) throws IOException {
        List<String[]> rows = new ArrayList<>();
        int[] at = null;
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (at == null) {
                List<String> header = List.of(cells);
                at = new int[columns.length];
                for (int i = 0; i < columns.length; i++) {
                    at[i] = header.indexOf(columns[i]);
                    if (at[i] < 0) {
                        throw new IOException(tsv + ": no column '" + columns[i] + "' in its header " + header);
                    }
                }
                continue;
            }
            String[] row = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                row[i] = at[i] < cells.length ? cells[at[i]] : "";
            }
            rows.add(row);
        }
        return rows;
    }

    private String table(List<SetResult> results) {
        Runtime runtime = Runtime.getRuntime();
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "Measured %s with `faultline bench --reps %d --warmup %d` on Java %s, "
                + "%d cores, max heap %d MB. Times are sums over each set's files of the per-file median (and "
                + "minimum) of the timed checks, reading excluded. Porcupine: per file, the mean of the two "
                + "runs' medians in porcupine-baseline-timings.tsv, summed. Peak heap is sampled every 5 ms "
                + "and includes uncollected garbage.%n%n",
                LocalDate.now(), reps, warmup, Runtime.version(), runtime.availableProcessors(),
                runtime.maxMemory() >> 20));
        t.append("| set | verdicts as expected | Σ median ms | Σ min ms | Porcupine Σ median ms | ours / Porcupine "
                + "| peak heap MB |\n");
        t.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (SetResult r : results) {
            double ours = r.sumOfMedians() / 1e6;
            t.append(String.format(Locale.ROOT, "| %s | %d / %d | %.1f | %.1f | %s | %s | %d |%n",
                    r.set().name(), r.asExpected(), r.set().files().size(), ours, r.sumOfMins() / 1e6,
                    r.porcupineMillis() == null ? "—" : String.format(Locale.ROOT, "%.1f", r.porcupineMillis()),
                    r.porcupineMillis() == null ? "—" : String.format(Locale.ROOT, "%.2f", ours / r.porcupineMillis()),
                    r.peakHeap() >> 20));
        }
        List<String> surprises = results.stream().flatMap(r -> r.surprises().stream()).toList();
        if (!surprises.isEmpty()) {
            t.append("\nNot as expected:\n\n");
            surprises.forEach(s -> t.append("- ").append(s).append('\n'));
        }
        return t.toString();
    }
}
