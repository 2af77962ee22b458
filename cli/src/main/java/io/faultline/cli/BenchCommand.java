package io.faultline.cli;

import io.faultline.checkers.linear.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench",
        description = {
            "Times the linearizability checker on the reference histories, compares each verdict with "
                    + "verdicts.tsv and each set's time and peak memory with Porcupine's, and prints Markdown tables.",
            "",
            "Each set runs in a JVM of its own, started with this one's flags, so that its peak RSS is its own. "
                    + "Each file is read once; then it is checked --warmup times untimed and --reps times timed "
                    + "(reading excluded, as Porcupine's benchmarks time CheckEvents only).",
            "",
            "With --against-porcupine, Porcupine runs in the same sitting, a process per set: its own Go "
                    + "benchmarks for the reference sets (those porcupine-bench runs), and the same checks as ours "
                    + "on the harder set's files. Without it, or without Go, Porcupine's times come from "
                    + "porcupine-baseline-timings.tsv, and the table says when those were measured."},
        sortOptions = false)
final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--histories", paramLabel = "DIR",
            description = "The reference histories, with verdicts.tsv and porcupine-baseline-timings.tsv. "
                    + "Default: $FAULTLINE_HISTORIES, else ../shared/histories beside the repository.")
    private Path histories;

    @Option(names = "--set", paramLabel = "ID",
            description = "Only these sets (repeatable): etcd, kv, kv-unpartitioned, knossos-cas-register, "
                    + "knossos-others, harder/<name>. Default: the reference sets, and the harder ones with --harder.")
    private List<String> only = new ArrayList<>();

    @Option(names = "--harder",
            description = "Also the harder set: seeded kv histories with 100 and 200 clients, cas-registers "
                    + "with 20 and 50 processes and many :info operations, verdicts known by construction.")
    private boolean harder;

    @Option(names = "--harder-dir", paramLabel = "DIR",
            description = "Where to write the harder set's files (kept). Default: a temporary directory, removed after.")
    private Path harderDir;

    @Option(names = "--against-porcupine",
            description = "Run Porcupine in this sitting (needs Go: apt-get install -y golang-go).")
    private boolean againstPorcupine;

    @Option(names = "--porcupine", paramLabel = "DIR",
            description = "Porcupine's Go sources. Default: $FAULTLINE_PORCUPINE, else ../tools/porcupine beside "
                    + "the histories.")
    private Path porcupineSources;

    @Option(names = "--porcupine-benchtime", paramLabel = "GO", defaultValue = "10x",
            description = "-test.benchtime of Porcupine's own benchmarks. Default ${DEFAULT-VALUE}, as porcupine-bench.")
    private String benchtime;

    @Option(names = "--reps", paramLabel = "N", defaultValue = "5",
            description = "Timed checks of each file. Default ${DEFAULT-VALUE}.")
    private int reps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
            description = "Untimed checks of each file first, for the JIT. Default ${DEFAULT-VALUE}.")
    private int warmup;

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Each check's budget, for both checkers; a check that runs out answers unknown and is "
                    + "not repeated. Default ${DEFAULT-VALUE}.")
    private Duration timeLimit;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the tables to FILE.")
    private Path out;

    /** Run by the command itself in each set's JVM: measure one set here and print its figures. */
    @Option(names = "--worker", hidden = true)
    private boolean worker;

    @Override
    public Integer call() throws IOException {
        if (reps < 1 || warmup < 0) {
            throw new ParameterException(spec.commandLine(), "--reps must be at least 1 and --warmup at least 0");
        }
        Path dir = historiesDir();
        Map<String, Verdict> expected = expectedVerdicts(dir.resolve("verdicts.tsv"));
        List<BenchSet> sets = selected(expected);
        if (worker) {
            PrintWriter stdout = spec.commandLine().getOut();
            for (BenchSet set : sets) {
                new SetMeasurement(set, setDirectory(set, dir), reps, warmup, timeLimit).run().print(stdout);
            }
            stdout.flush();
            return ExitCodes.OK;
        }
        Path harderFiles = harderDir;
        boolean temporary = harderFiles == null && sets.stream().anyMatch(s -> s.id().startsWith("harder/"));
        if (temporary) {
            harderFiles = Files.createTempDirectory("faultline-harder-");
        }
        try {
            if (harderFiles != null) {
                HarderSet.write(harderFiles);
            }
            return measure(dir, harderFiles, sets);
        } finally {
            if (temporary) {
                try (var files = Files.list(harderFiles)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(harderFiles);
            }
        }
    }

    private int measure(Path dir, Path harderFiles, List<BenchSet> sets) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PorcupineBench porcupine = null;
        String porcupineNote;
        if (againstPorcupine) {
            try {
                porcupine = PorcupineBench.build(porcupineDir(dir), dir.resolve("porcupine/test_data"));
                porcupineNote = "Porcupine ran in this sitting, a process per set: its own Go benchmarks "
                        + "(`-test.bench` as porcupine-bench, `-test.benchtime " + benchtime + "`: the mean of those "
                        + "checks, parsing excluded) for the reference sets, and for the harder set's files the same "
                        + "warm-up, repetitions, median and time limit as ours, through its own parsers and models.";
            } catch (IOException e) {
                err.println("bench: cannot run Porcupine, so its times come from the stored baseline: " + e.getMessage());
                err.flush();
                porcupineNote = baselineNote(dir);
            }
        } else {
            porcupineNote = baselineNote(dir);
        }
        Map<String, Double> baseline = porcupine == null ? baselineMillis(dir) : Map.of();
        List<SetMeasurement.Result> ours = new ArrayList<>();
        List<PorcupineBench.Run> theirs = new ArrayList<>();
        String load = loadAverage();
        try {
            for (BenchSet set : sets) {
                err.println("bench: " + set.name() + " ...");
                err.flush();
                theirs.add(porcupine == null ? null : porcupine(porcupine, set, setDirectory(set, dir, harderFiles)));
                ours.add(inItsOwnJvm(set, dir, harderFiles));
            }
        } finally {
            if (porcupine != null) {
                porcupine.close();
            }
        }
        String tables = BenchTables.render(sets, ours, theirs, baseline, porcupineNote, header(load));
        spec.commandLine().getOut().print(tables);
        spec.commandLine().getOut().flush();
        if (out != null) {
            Files.writeString(out, tables);
        }
        return ExitCodes.OK;
    }

    private PorcupineBench.Run porcupine(PorcupineBench porcupine, BenchSet set, Path setDir) throws IOException {
        if (set.porcupineBenchmarks() != null) {
            return porcupine.benchmarks(set.porcupineBenchmarks(), benchtime);
        }
        Map<Path, String> files = new LinkedHashMap<>();
        for (BenchSet.BenchFile file : set.files()) {
            if (file.porcupineChecker() == null) {
                return null;
            }
            files.put(setDir.resolve(file.path()), file.porcupineChecker());
        }
        return porcupine.files(files, reps, warmup, timeLimit);
    }

    /** The set measured by this command in a fresh JVM with this JVM's flags. */
    private SetMeasurement.Result inItsOwnJvm(BenchSet set, Path dir, Path harderFiles) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Faultline.class.getName(), "bench",
                "--worker", "--histories", dir.toString(), "--set", set.id(), "--reps", Integer.toString(reps),
                "--warmup", Integer.toString(warmup), "--time-limit", timeLimit.toMillis() + "ms"));
        if (harderFiles != null) {
            command.addAll(List.of("--harder-dir", harderFiles.toString()));
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int code = process.waitFor();
            if (code != 0) {
                throw new IOException("the JVM measuring " + set.id() + " exited with " + code + ":\n" + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while measuring " + set.id(), e);
        }
        return SetMeasurement.Result.parse(output);
    }

    private List<BenchSet> selected(Map<String, Verdict> expected) {
        List<BenchSet> all = new ArrayList<>(BenchSet.reference(expected));
        all.addAll(HarderSet.sets());
        List<BenchSet> chosen = new ArrayList<>();
        for (BenchSet set : all) {
            boolean isHarder = set.id().startsWith("harder/");
            boolean wanted = only.isEmpty() ? !isHarder || harder : only.contains(set.id()) || (isHarder && harder);
            if (wanted && !set.files().isEmpty()) {
                chosen.add(set);
            }
        }
        for (String id : only) {
            if (all.stream().noneMatch(s -> s.id().equals(id))) {
                throw new ParameterException(spec.commandLine(), "no set '" + id + "'; choose from "
                        + String.join(", ", all.stream().map(BenchSet::id).toList()));
            }
        }
        return chosen;
    }

    private Path setDirectory(BenchSet set, Path dir) {
        return setDirectory(set, dir, harderDir);
    }

    private Path setDirectory(BenchSet set, Path dir, Path harderFiles) {
        if (!set.id().startsWith("harder/")) {
            return dir;
        }
        if (harderFiles == null) {
            throw new ParameterException(spec.commandLine(), "the harder set's files are written by the command "
                    + "itself; pass --harder rather than --worker alone");
        }
        return harderFiles;
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
        return dir.toAbsolutePath().normalize();
    }

    private Path porcupineDir(Path dir) {
        if (porcupineSources != null) {
            return porcupineSources;
        }
        if (System.getenv("FAULTLINE_PORCUPINE") != null) {
            return Path.of(System.getenv("FAULTLINE_PORCUPINE"));
        }
        return dir.resolveSibling("tools").resolve("porcupine");
    }

    private String header(String load) {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "Measured %s with `faultline bench --reps %d --warmup %d%s%s` on Java %s, "
                + "%d cores, load average %s at the start; each set in a JVM of its own with this command's JVM flags "
                + "%s (max heap %d MB). Times are sums over each set's files of the per-file median (and minimum) "
                + "of the timed checks, reading excluded. Peak heap is sampled every 5 ms and includes uncollected "
                + "garbage; peak RSS is the process's VmHWM when it ends, JVM start and reading included, as for "
                + "Porcupine's processes.",
                Instant.now().truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC).toLocalDateTime() + " UTC",
                reps, warmup, harder ? " --harder" : "", againstPorcupine ? " --against-porcupine" : "",
                Runtime.version(), runtime.availableProcessors(), load,
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> !a.startsWith("-Dfaultline.")).toList(),
                runtime.maxMemory() >> 20);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2] + " (1 / 5 / 15 min)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** File → VALID or INVALID, for the files whose source project asserts a verdict. */
    private static Map<String, Verdict> expectedVerdicts(Path tsv) throws IOException {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (String[] row : Tsv.rows(tsv, "file", "expected")) {
            if (row[1].equals("linearizable")) {
                verdicts.put(row[0], Verdict.VALID);
            } else if (row[1].equals("NOT linearizable")) {
                verdicts.put(row[0], Verdict.INVALID);
            }
        }
        return verdicts;
    }

    /**
     * "file TAB model" → the mean of the stored baseline's two runs, or nothing when the file is
     * missing.
     */
    private static Map<String, Double> baselineMillis(Path dir) throws IOException {
        Path tsv = dir.resolve("porcupine-baseline-timings.tsv");
        Map<String, Double> millis = new HashMap<>();
        if (!Files.isRegularFile(tsv)) {
            return millis;
        }
        for (String[] row : Tsv.rows(tsv, "file", "model", "run1_median_ms", "run2_median_ms")) {
            millis.put(row[0] + "\t" + row[1], (Double.parseDouble(row[2]) + Double.parseDouble(row[3])) / 2);
        }
        return millis;
    }

    /** Where the stored baseline's times come from and when they were measured, from its own comments. */
    private static String baselineNote(Path dir) throws IOException {
        Path tsv = dir.resolve("porcupine-baseline-timings.tsv");
        if (!Files.isRegularFile(tsv)) {
            return "Porcupine: no times (no porcupine-baseline-timings.tsv, and not run: pass --against-porcupine).";
        }
        String measured = null;
        Pattern date = Pattern.compile("\\b(\\d{4}-\\d{2}-\\d{2})\\b");
        for (String line : Files.readAllLines(tsv)) {
            Matcher m = date.matcher(line);
            if (line.startsWith("#") && m.find() && !line.contains("Replaces")) {
                measured = m.group(1);
            }
        }
        return "Porcupine's times are NOT from this sitting: they come from the stored baseline "
                + "porcupine-baseline-timings.tsv (per file, the mean of its two runs), measured "
                + (measured == null ? "on " + LocalDate.ofInstant(Files.getLastModifiedTime(tsv).toInstant(),
                        ZoneOffset.UTC) + " (the file's date)" : measured)
                + "; pass --against-porcupine to run Porcupine beside this benchmark. It has no figures for the harder set, "
                + "and no peak RSS.";
    }
}
