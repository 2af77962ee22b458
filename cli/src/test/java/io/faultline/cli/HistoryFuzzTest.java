package io.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.proxy.reliability.Figures;
import io.faultline.checkers.format.HistoryFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline check} on broken histories, as a user would run it: the stored reference
 * histories in each format (EDN, Jepsen log, Porcupine kv, JSON Lines) truncated, mutated, shuffled
 * and replaced by binary noise, plus one huge file. Every run must end, within its time limit and a
 * reading allowance, in a verdict or in {@code file:line: what is wrong} — never a stack trace
 * (exit 70), an OutOfMemoryError or a hang. Runs in the reliability profile for
 * {@code faultline.reliability.seconds}; prints its seed.
 */
@Tag("reliability")
class HistoryFuzzTest {
    /** What stderr may hold: one problem per line, each naming the file (and the line, when there is one). */
    private static final Pattern PROBLEM_LINE = Pattern.compile("[^\\n]+?(:\\d+)?: [^\\n]+");
    private static final Duration TIME_LIMIT = Duration.ofSeconds(5);
    /** Reading a mutated history of at most ~1 MB must take far less than this. */
    private static final Duration ALLOWANCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** A stored history, the arguments that check it as its source's tests do, and the name it is stored under. */
    record Seed(Path file, List<String> args) {
        String extension() {
            String name = file.getFileName().toString();
            return name.substring(name.lastIndexOf('.'));
        }
    }

    @Test
    void brokenHistoriesGetAVerdictOrAFileLineError() throws Exception {
        long seed = Long.getLong("faultline.seed", System.nanoTime());
        System.out.println("HistoryFuzzTest seed " + seed + " (rerun with -Dfaultline.seed=" + seed + ")");
        Random random = new Random(seed);
        List<Seed> seeds = new ArrayList<>(seeds());
        seeds.addAll(jsonLinesSeeds(seeds, Files.createDirectories(dir.resolve("seeds"))));
        assertThat(seeds).as("stored histories under %s", CliRun.histories()).hasSizeGreaterThan(10);
        List<String> problems = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(Figures.budgetSeconds()).toNanos();
        long cases = 0;
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "history-fuzz");
            t.setDaemon(true);
            return t;
        });
        try {
            while (System.nanoTime() < deadline && problems.size() < 20) {
                Seed from = seeds.get(random.nextInt(seeds.size()));
                byte[] original = Files.readAllBytes(from.file());
                String how = random.nextInt(8) == 0 ? "noise" : random.nextInt(3) == 0 ? "truncated" : "mutated";
                byte[] broken = switch (how) {
                    case "noise" -> noise(random, 1 + random.nextInt(200_000));
                    case "truncated" -> java.util.Arrays.copyOf(original, random.nextInt(original.length + 1));
                    default -> mutate(random, original);
                };
                // now and then under a name that says nothing, so that the format is guessed from the content
                String extension = random.nextInt(4) == 0 ? ".txt" : from.extension();
                Path file = dir.resolve("case-" + cases + extension);
                Files.write(file, broken);
                cases++;
                String problem = check(runner, from, file, how);
                if (problem != null) {
                    problems.add(problem);
                    Path kept = Path.of(System.getProperty("faultline.reliability.figures", "target/reliability"),
                            "history-fuzz-cases");
                    Files.createDirectories(kept);
                    Files.copy(file, kept.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    // a hung run keeps the runner's thread: go on with a fresh one
                    if (problem.contains("no answer")) {
                        runner.shutdownNow();
                        runner = Executors.newSingleThreadExecutor();
                    }
                } else {
                    Files.delete(file);
                }
            }
        } finally {
            runner.shutdownNow();
        }
        new Figures("history-fuzz").put("fuzzCases", cases).put("crashes", problems.size())
                .put("seed", seed).write();
        assertThat(problems).as("seed %d; failing cases kept in %s", seed,
                System.getProperty("faultline.reliability.figures", "target/reliability") + "/history-fuzz-cases").isEmpty();
    }

    /**
     * A huge history (default 128 MiB; the long profile's {@code -Dfaultline.reliability.hugeBytes}
     * is 1 GiB) in two kinds, well-formed JSON Lines and binary noise, checked by a separate JVM with
     * bin/faultline's default heap: a verdict (unknown, once the time limit runs out while reading) or a
     * file:line error, no OutOfMemoryError, and an end within the time limit and an allowance for the
     * JVM, whatever the size.
     */
    @Test
    void aHugeHistoryEndsInAVerdictOrAnError() throws Exception {
        long size = Long.getLong("faultline.reliability.hugeBytes", 128L << 20);
        StringBuilder unit = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            unit.append("{\"type\":\"invoke\",\"process\":").append(i % 5).append(",\"f\":\"write\",\"value\":")
                    .append(i).append("}\n{\"type\":\"ok\",\"process\":").append(i % 5)
                    .append(",\"f\":\"write\",\"value\":").append(i).append("}\n");
        }
        Path wellFormed = dir.resolve("huge.jsonl");
        writeRepeated(wellFormed, unit.toString().getBytes(StandardCharsets.UTF_8), size);
        Path noise = dir.resolve("huge-noise.edn");
        writeRepeated(noise, noise(new Random(1), 1 << 20), size);
        List<String> problems = new ArrayList<>();
        for (Path file : List.of(wellFormed, noise)) {
            Process run = faultline(List.of("check", "--model", "register", "--time-limit", "20s", file.toString()), List.of());
            // --time-limit covers reading the file as well as checking it: no allowance for its size
            String problem = awaitEnd(run, file, Duration.ofSeconds(20).plus(ALLOWANCE));
            if (problem != null) {
                problems.add(problem);
            }
            Files.delete(file);
        }
        new Figures("history-huge").put("fuzzCases", 2).put("bytes", size).put("crashes", problems.size()).write();
        assertThat(problems).isEmpty();
    }

    /**
     * The largest stored histories checked with {@code --memory-limit 64m} by a JVM of 256 MiB: a
     * verdict, or unknown with a reason; never an OutOfMemoryError.
     */
    @Test
    void theLargestHistoriesUnderAMemoryLimitNeverRunOutOfMemory() throws Exception {
        List<Seed> largest = new ArrayList<>(seeds());
        largest.sort(java.util.Comparator.comparingLong((Seed seed) -> seed.file().toFile().length()).reversed());
        List<String> problems = new ArrayList<>();
        int runs = 0;
        for (Seed seed : largest.subList(0, 6)) {
            List<String> args = new ArrayList<>(List.of("check", "--memory-limit", "64m", "--time-limit", "60s"));
            args.addAll(seed.args());
            args.add(seed.file().toString());
            Process run = faultline(args, List.of("-Xmx256m"));
            runs++;
            String problem = awaitEnd(run, seed.file(), Duration.ofSeconds(60).plus(ALLOWANCE));
            if (problem != null) {
                problems.add(problem);
            }
        }
        new Figures("checker-memory-limit").put("runs", runs).put("crashes", problems.size()).write();
        assertThat(problems).isEmpty();
    }

    /** The command line in a JVM of its own, on this test's class path, as bin/faultline runs it. */
    private static Process faultline(List<String> args, List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Faultline.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
    }

    /** Null if the run ended in a verdict or a one-line file error in time; otherwise what happened. */
    private static String awaitEnd(Process run, Path file, Duration within) throws Exception {
        java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> readAll(run.getInputStream()));
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> readAll(run.getErrorStream()));
        long started = System.nanoTime();
        if (!run.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            run.destroyForcibly().waitFor();
            return file + ": no end within " + within.toSeconds() + " s";
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        String stdout = new String(out.get(), StandardCharsets.UTF_8);
        String stderr = new String(err.get(), StandardCharsets.UTF_8).strip();
        System.out.println(file + ": exit " + run.exitValue() + " after " + seconds + " s; " + stdout.strip()
                + (stderr.isEmpty() ? "" : " / " + stderr));
        int code = run.exitValue();
        if (stderr.contains("OutOfMemoryError") || stderr.contains("\tat ") || code == 70 || code > 65) {
            return file + ": exit " + code + ": " + stderr;
        }
        if (code == 65) {
            return PROBLEM_LINE.matcher(stderr).matches() && stderr.startsWith(file.toString()) ? null
                    : file + ": not 'file:line: problem': " + stderr;
        }
        if (code == 2 && !stdout.contains("\"reason\"")) {
            return file + ": unknown without a reason: " + stdout;
        }
        return code <= 2 ? null : file + ": exit " + code + ": " + stderr;
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Null if the run ended as it must; otherwise what went wrong, with the case's file. */
    private static String check(ExecutorService runner, Seed from, Path file, String how) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("check", "--time-limit", TIME_LIMIT.toMillis() + "ms"));
        args.addAll(from.args());
        args.add(file.toString());
        Future<CliRun> run = runner.submit(() -> {
            try {
                return CliRun.of(args.toArray(String[]::new));
            } catch (Throwable t) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new java.io.PrintWriter(trace));
                return new CliRun(-1, "", trace.toString());
            }
        });
        String what = how + " " + from.file() + " as " + file;
        CliRun done;
        try {
            done = run.get(TIME_LIMIT.plus(ALLOWANCE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            return what + ": no answer within " + TIME_LIMIT.plus(ALLOWANCE).toSeconds() + " s";
        } catch (java.util.concurrent.ExecutionException e) {
            return what + ": " + e.getCause();
        }
        int code = done.exitCode();
        if (code != 0 && code != 1 && code != 2 && code != 65) {
            return what + ": exit " + code + "\n" + done.err();
        }
        if (code == 65) {
            String err = done.err().strip();
            if (!PROBLEM_LINE.matcher(err).matches() || !err.startsWith(file.toString())
                    || err.contains("Exception") || err.contains("\tat ")) {
                return what + ": not 'file:line: problem': " + err;
            }
        } else {
            try {
                List<com.fasterxml.jackson.databind.JsonNode> lines = done.json();
                if (lines.size() != 1) {
                    return what + ": " + lines.size() + " result lines: " + done.out();
                }
                if (code == 2 && !lines.get(0).path("reason").isTextual()) {
                    return what + ": unknown without a reason: " + done.out();
                }
            } catch (java.io.UncheckedIOException e) {
                return what + ": " + e.getMessage();
            }
        }
        return null;
    }

    /** The stored histories and how their sources' tests check them (../shared/histories/README.md). */
    static List<Seed> seeds() throws IOException {
        Path root = CliRun.histories();
        List<Seed> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String path = root.relativize(file).toString();
                if (path.startsWith("knossos/data/cas-register/") && path.endsWith(".edn")) {
                    seeds.add(new Seed(file, List.of("--model", "cas-register", "--initial", "0")));
                } else if (path.startsWith("knossos/data/multi-register/") && path.endsWith(".edn")) {
                    seeds.add(new Seed(file, List.of("--model", "multi-register", "--initial", "{:x 0 :y 0}")));
                } else if (path.startsWith("knossos/data/mutex/") && path.endsWith(".edn")) {
                    seeds.add(new Seed(file, List.of("--model", "mutex")));
                } else if (path.startsWith("porcupine/test_data/jepsen/") && path.endsWith(".log")) {
                    seeds.add(new Seed(file, List.of("--model", "cas-register", "--semantics", "porcupine")));
                } else if (path.startsWith("porcupine/test_data/kv/") && path.endsWith(".txt")) {
                    seeds.add(new Seed(file, List.of("--model", "kv")));
                }
            }
        }
        return seeds;
    }

    /** The same histories as JSON Lines, written by the checkers' own writer, so that format is fuzzed too. */
    static List<Seed> jsonLinesSeeds(List<Seed> seeds, Path dir) throws Exception {
        List<Seed> out = new ArrayList<>();
        for (Seed seed : seeds) {
            if (!seed.file().toString().endsWith(".edn") || !seed.file().toString().contains("cas-register")) {
                continue;
            }
            Path jsonl = dir.resolve(seed.file().getFileName().toString().replace(".edn", ".jsonl"));
            try (var writer = Files.newBufferedWriter(jsonl)) {
                HistoryFormat.JSONL.write(HistoryFormat.EDN.read(seed.file()), writer);
            } catch (IllegalArgumentException | io.faultline.checkers.history.HistoryException e) {
                continue; // a history JSON Lines cannot represent
            }
            out.add(new Seed(jsonl, seed.args()));
        }
        return out;
    }

    private static byte[] noise(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Byte edits, token insertions and line shuffles: what a half-written or hand-edited file looks like. */
    static byte[] mutate(Random random, byte[] original) {
        List<Byte> bytes = new ArrayList<>(original.length + 64);
        for (byte b : original) {
            bytes.add(b);
        }
        String[] tokens = {"{", "}", "[", "]", "(", ")", "\"", ":", ":invoke", ":ok", ":info", ":fail", "nil",
            "-1", "99999999999999999999999", "1e999", "#", "#{", "\\", ";", "\n", ",", ":process", ":type",
            ":value", "\u0000", "é", "\"type\":", "INFO  jepsen.util - ", "\t", ":key"};
        for (int i = 1 + random.nextInt(6); i > 0; i--) {
            int at = bytes.isEmpty() ? 0 : random.nextInt(bytes.size());
            switch (random.nextInt(5)) {
                case 0 -> {
                    if (!bytes.isEmpty()) {
                        bytes.remove(at);
                    }
                }
                case 1 -> {
                    if (!bytes.isEmpty()) {
                        bytes.set(at, (byte) random.nextInt(256));
                    }
                }
                case 2 -> {
                    int length = Math.min(bytes.size() - at, 1 + random.nextInt(200));
                    bytes.subList(at, at + length).clear();
                }
                default -> {
                    byte[] token = tokens[random.nextInt(tokens.length)].getBytes(StandardCharsets.UTF_8);
                    for (int k = token.length - 1; k >= 0; k--) {
                        bytes.add(at, token[k]);
                    }
                }
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    static void writeRepeated(Path file, byte[] unit, long size) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long written = 0; written < size; written += unit.length) {
                out.write(unit);
            }
        }
    }
}
