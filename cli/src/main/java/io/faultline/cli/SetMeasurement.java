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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One set measured in this JVM: each file read once, checked {@code warmup} times untimed and
 * {@code reps} times timed — once only when a check ends unknown or takes over 5 s, as a 60 s check
 * repeated five times would say nothing more.
 */
final class SetMeasurement {
    private static final long LONG_CHECK_NANOS = 5_000_000_000L;

    private final BenchSet set;
    private final Path dir;
    private final int reps;
    private final int warmup;
    private final Duration timeLimit;

    SetMeasurement(BenchSet set, Path dir, int reps, int warmup, Duration timeLimit) {
        this.set = set;
        this.dir = dir;
        this.reps = reps;
        this.warmup = warmup;
        this.timeLimit = timeLimit;
    }

    /**
     * What one file gave.
     *
     * @param verdict null when the file could not be read ({@code reason} says why)
     * @param checks how many timed checks the times are over
     */
    record FileResult(String path, Verdict verdict, Verdict expected, long medianNanos, long minNanos, int checks,
            String reason) {
    }

    /** A set's figures; RSS is -1 where /proc is not there to ask. */
    record Result(List<FileResult> files, long peakHeapBytes, long peakRssKb) {

        long sumOfMedians() {
            return files.stream().mapToLong(FileResult::medianNanos).sum();
        }

        long sumOfMins() {
            return files.stream().mapToLong(FileResult::minNanos).sum();
        }

        /** As lines the parent process reads back with {@link #parse}. */
        void print(PrintWriter out) {
            for (FileResult f : files) {
                out.println(String.join("\t", "file", f.path(), String.valueOf(f.verdict()), String.valueOf(f.expected()),
                        Long.toString(f.medianNanos()), Long.toString(f.minNanos()), Integer.toString(f.checks()),
                        f.reason() == null ? "" : f.reason().replaceAll("[\t\n]", " ")));
            }
            out.println("set\t" + peakHeapBytes + "\t" + peakRssKb);
        }

        static Result parse(String output) throws IOException {
            List<FileResult> files = new ArrayList<>();
            for (String line : output.split("\n")) {
                String[] f = line.split("\t", -1);
                if (f[0].equals("file") && f.length == 8) {
                    files.add(new FileResult(f[1], verdict(f[2]), verdict(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
                            Integer.parseInt(f[6]), f[7].isEmpty() ? null : f[7]));
                } else if (f[0].equals("set") && f.length == 3) {
                    return new Result(files, Long.parseLong(f[1]), Long.parseLong(f[2]));
                }
            }
            throw new IOException("the set's JVM printed no figures:\n" + output);
        }

        private static Verdict verdict(String s) {
            return s.equals("null") ? null : Verdict.valueOf(s);
        }
    }

    Result run() {
        LinearizabilityChecker checker = LinearizabilityChecker.create().withTimeLimit(timeLimit);
        List<FileResult> results = new ArrayList<>();
        System.gc();
        try (HeapSampler heap = new HeapSampler()) {
            for (BenchSet.BenchFile file : set.files()) {
                results.add(measure(checker, file));
            }
            return new Result(results, heap.peakBytes(), peakRssKb());
        }
    }

    private FileResult measure(LinearizabilityChecker checker, BenchSet.BenchFile file) {
        List<Operation> operations;
        try {
            operations = file.format().read(dir.resolve(file.path())).operations();
        } catch (HistoryException | IOException e) {
            return new FileResult(file.path(), null, file.expected(), 0, 0, 0, "unreadable: " + e.getMessage());
        }
        List<Long> times = new ArrayList<>();
        LinearizabilityResult result = null;
        for (int i = 0; i < warmup + reps; i++) {
            long start = System.nanoTime();
            result = checker.check(file.model(), operations);
            long elapsed = System.nanoTime() - start;
            if (result.verdict() == Verdict.UNKNOWN || elapsed > LONG_CHECK_NANOS) {
                times = List.of(elapsed);
                break;
            }
            if (i >= warmup) {
                times.add(elapsed);
            }
        }
        long[] sorted = times.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new FileResult(file.path(), result.verdict(), file.expected(), median(sorted), sorted[0], sorted.length,
                result.reason());
    }

    private static long median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** VmHWM: the most resident memory this process ever had, as /usr/bin/time's maxrss reports it. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return -1;
    }
}
