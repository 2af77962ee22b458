package io.faultline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Porcupine itself, run beside Faultline's checker in the same sitting. Its sources are copied into a
 * temporary directory (as {@code ../shared/tools/porcupine-bench} does, and never changed where they
 * are), one Go file is added — {@code faultline_bench_test.go}: the process's peak RSS at exit, and a
 * test that times {@code CheckEventsTimeout} on files we name — and the test binary is built once
 * with Debian's Go, offline. Each run is then a process of its own, so its peak RSS is its own.
 */
final class PorcupineBench implements AutoCloseable {
    private static final String RSS = "faultline-peak-rss-kb\t";
    private static final String FILE = "faultline-file\t";

    private final Path work;
    private final Path binary;

    private PorcupineBench(Path work, Path binary) {
        this.work = work;
        this.binary = binary;
    }

    /** What one Porcupine process measured; RSS is -1 where /proc is not there to ask. */
    record Run(Map<String, Double> millis, Map<String, String> results, long peakRssKb) {
    }

    /**
     * Copies and builds Porcupine from {@code sources} (its Go package, as in
     * {@code ../shared/tools/porcupine}) against the test data in {@code testData}.
     *
     * @throws IOException saying what is missing and how to get it, when Go or the sources are not there
     */
    static PorcupineBench build(Path sources, Path testData) throws IOException {
        if (!Files.isRegularFile(sources.resolve("porcupine.go"))) {
            throw new IOException("no Porcupine sources at " + sources + " (expected porcupine.go there); pass "
                    + "--porcupine DIR, the directory ../shared/tools/porcupine");
        }
        Path work = Files.createTempDirectory("faultline-porcupine-");
        try {
            copy(sources, work);
            Files.createSymbolicLink(work.resolve("test_data"), testData.toAbsolutePath());
            try (InputStream driver = PorcupineBench.class.getResourceAsStream("faultline_bench_test.go")) {
                Files.copy(driver, work.resolve("faultline_bench_test.go"));
            }
            ProcessBuilder go = new ProcessBuilder("go", "test", "-c", "-o", "porc.test", ".").directory(work.toFile());
            go.environment().put("GOFLAGS", "-mod=mod");
            go.environment().put("GOPROXY", "off");
            go.environment().putIfAbsent("GOCACHE", System.getProperty("java.io.tmpdir") + "/porcupine-gocache");
            Output built = run(go, Duration.ofMinutes(5));
            if (built.exitCode != 0) {
                throw new IOException("building Porcupine's tests failed (go test -c in " + work + "):\n" + built.text);
            }
            return new PorcupineBench(work, work.resolve("porc.test"));
        } catch (IOException e) {
            delete(work);
            if (e.getMessage() != null && e.getMessage().contains("Cannot run program \"go\"")) {
                throw new IOException("Go is not installed: apt-get install -y golang-go", e);
            }
            throw e;
        }
    }

    /** Porcupine's own benchmarks matching {@code pattern}, each run {@code benchtime} (e.g. 10x). */
    Run benchmarks(String pattern, String benchtime) throws IOException {
        Output out = run(new ProcessBuilder(binary.toString(), "-test.run", "XXX", "-test.bench", pattern,
                "-test.benchtime", benchtime).directory(work.toFile()), Duration.ofMinutes(30));
        Map<String, Double> millis = new LinkedHashMap<>();
        for (String line : out.text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].startsWith("Benchmark") && f[3].equals("ns/op")) {
                millis.put(f[0].replaceFirst("-\\d+$", ""), Double.parseDouble(f[2]) / 1e6);
            }
        }
        if (out.exitCode != 0 || millis.isEmpty()) {
            throw new IOException("Porcupine's benchmarks " + pattern + " did not run:\n" + out.text);
        }
        return new Run(millis, Map.of(), peakRss(out.text));
    }

    /**
     * Each file checked as {@code faultline bench} checks it: {@code warmup} untimed and {@code reps}
     * timed checks, one only when it ends unknown or takes over 5 s.
     *
     * @param files file path to Porcupine's name for the model (etcd, kv, kv-unpartitioned)
     */
    Run files(Map<Path, String> files, int reps, int warmup, Duration timeLimit) throws IOException {
        StringBuilder list = new StringBuilder();
        files.forEach((path, model) -> list.append(path.toAbsolutePath()).append('\t').append(model).append('\n'));
        ProcessBuilder test = new ProcessBuilder(binary.toString(), "-test.run", "^TestFaultlineFiles$",
                "-test.timeout", "0").directory(work.toFile());
        test.environment().put("FAULTLINE_FILES", list.toString());
        test.environment().put("FAULTLINE_REPS", Integer.toString(reps));
        test.environment().put("FAULTLINE_WARMUP", Integer.toString(warmup));
        test.environment().put("FAULTLINE_TIMEOUT_MS", Long.toString(timeLimit.toMillis()));
        Output out = run(test, timeLimit.multipliedBy(reps + warmup + 2L).plusMinutes(5));
        Map<String, Double> millis = new LinkedHashMap<>();
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : out.text.split("\n")) {
            if (line.startsWith(FILE)) {
                String[] f = line.split("\t");
                millis.put(f[1], Long.parseLong(f[3]) / 1e6);
                results.put(f[1], f[2]);
            }
        }
        if (out.exitCode != 0 || results.size() != files.size()) {
            throw new IOException("Porcupine did not check every file:\n" + out.text);
        }
        return new Run(millis, results, peakRss(out.text));
    }

    private static long peakRss(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith(RSS)) {
                return Long.parseLong(line.substring(RSS.length()).trim());
            }
        }
        return -1;
    }

    private record Output(int exitCode, String text) {
    }

    private static Output run(ProcessBuilder builder, Duration limit) throws IOException {
        Process process = builder.redirectErrorStream(true).start();
        try {
            // Read while it runs: a full pipe would stall it.
            byte[] bytes = process.getInputStream().readAllBytes();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", builder.command()) + " took over " + limit);
            }
            return new Output(process.exitValue(), new String(bytes, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + builder.command().get(0), e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing the benchmark over
        }
    }

    @Override
    public void close() {
        delete(work);
    }
}
