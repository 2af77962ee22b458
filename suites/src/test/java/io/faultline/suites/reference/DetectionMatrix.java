package io.faultline.suites.reference;

import io.faultline.checkers.detection.Detection;
import io.faultline.checkers.detection.DetectionReport;
import io.faultline.checkers.detection.DetectionStats;
import io.faultline.checkers.detection.FaultDetection;
import io.faultline.checkers.detection.Mistake;
import io.faultline.checkers.stats.BootstrapInterval;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The detection matrix: for each detector configuration, what a run's {@link DetectionReport} says
 * about each fault kind — T_D, pairs that never noticed, recovery — and the mistake rate under
 * jitter, as one Markdown table. Rows come from the runs of this JVM, so the table is what one
 * invocation of the suite measured.
 */
final class DetectionMatrix {
    private static final List<Entry> ENTRIES = new ArrayList<>();

    private DetectionMatrix() {
    }

    /** One run's rows, and the machine's load averages (1, 5, 15 min) when it ended. */
    record Entry(ReferenceConfig config, String backend, long seed, Path directory, List<Row> rows, String load) {
    }

    /** A line of the table. */
    sealed interface Row {
    }

    /**
     * How the faults of one kind were noticed and recovered from.
     *
     * @param kind the fault kind
     * @param faults how many faults of the kind there were
     * @param detection T_D over the (fault, observer) pairs that should have noticed
     * @param detectionTimes those T_D, one per pair that noticed, for the bootstrap intervals
     * @param toFirstOk the longest time from a fault's end to the first ok operation, or null
     * @param toFullMembership the longest time from a fault's end to no suspicion across it, or null
     * @param neverFirstOk faults after which no operation was ok before the run ended
     * @param neverFullMembership faults after which some suspicion across them lasted to the end
     */
    record FaultRow(String kind, int faults, DetectionStats detection, List<Duration> detectionTimes, Duration toFirstOk,
                    Duration toFullMembership, int neverFirstOk, int neverFullMembership) implements Row {
        FaultRow {
            detectionTimes = List.copyOf(detectionTimes);
        }
    }

    /**
     * The mistakes under jitter.
     *
     * @param description what the jitter was
     * @param length how long it lasted in all
     * @param mistakes suspicions of live peers that began under it
     * @param perHour those per hour of pair observation under it, or null when it lasted no time
     */
    record JitterRow(String description, Duration length, int mistakes, Double perHour) implements Row {
    }

    /**
     * Records one run: a row per fault kind in {@code faultKinds} that it injected, and one for the
     * faults of {@code jitterKind}.
     */
    static synchronized Entry record(ReferenceConfig config, String backend, long seed, Path directory,
            DetectionReport report, List<String> faultKinds, String jitterKind, String jitter) {
        List<Row> rows = new ArrayList<>();
        for (String kind : faultKinds) {
            List<FaultDetection> faults = ofKind(report, kind);
            if (!faults.isEmpty()) {
                List<Duration> firstOk = faults.stream().map(FaultDetection::toFirstOk).toList();
                List<Duration> membership = faults.stream().map(FaultDetection::toFullMembership).toList();
                List<Duration> times = faults.stream().flatMap(f -> f.detections().stream())
                        .map(Detection::detectionTime).filter(Objects::nonNull).toList();
                rows.add(new FaultRow(kind, faults.size(), report.detectionByKind().get(kind), times, longest(firstOk),
                        longest(membership), nulls(firstOk), nulls(membership)));
            }
        }
        List<FaultDetection> jitters = ofKind(report, jitterKind);
        if (!jitters.isEmpty()) {
            Set<String> ids = jitters.stream().map(f -> f.fault().id()).collect(Collectors.toSet());
            List<Mistake> mistakes = report.mistakes().stream().filter(m -> ids.contains(m.fault())).toList();
            Duration length = length(jitters);
            rows.add(new JitterRow(jitter, length, mistakes.size(), perHour(mistakes.size(), length, report)));
        }
        Entry entry = new Entry(config, backend, seed, directory, List.copyOf(rows), MachineLoad.now());
        ENTRIES.add(entry);
        // The run's own rows, for its report (the reports module draws a run's tables/*.md).
        write(directory.resolve("tables").resolve("detection-matrix.md"), "# Detection matrix: this run\n\n"
                + tableOf(List.of(entry)) + "\nLoad average (1 / 5 / 15 min) " + entry.load() + " when the run ended.\n");
        return entry;
    }

    /**
     * Chen, Toueg and Aguilera's λ_M restricted to the jitter: mistakes over the time every ordered
     * pair of nodes spent observing under it, per hour. Nothing else may run then: no other fault,
     * and no grace period of an earlier one.
     */
    static Double perHour(int mistakes, Duration length, DetectionReport report) {
        double pairNanos = (double) length.toNanos() * report.accuracyByPair().size();
        return pairNanos == 0 ? null : mistakes * 3600e9 / pairNanos;
    }

    /** The table of every run recorded so far, by mode, then strategy. */
    static synchronized String table() {
        return tableOf(sorted());
    }

    private static String tableOf(List<Entry> entries) {
        StringBuilder s = new StringBuilder();
        s.append("| mode | strategy | fault | faults | T_D p50 [95 % CI] | T_D p99 [95 % CI] | T_D max | never noticed"
                + " | mistakes under jitter | recovery: first ok | recovery: full membership |\n");
        s.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Entry e : entries) {
            String config = "| " + lower(e.config().mode()) + " | " + e.config().strategy().label() + " | ";
            for (Row row : e.rows()) {
                s.append(config);
                if (row instanceof FaultRow r) {
                    DetectionStats d = r.detection();
                    s.append(r.kind()).append(" | ").append(r.faults()).append(" | ")
                            .append(percentile(r.detectionTimes(), 0.5)).append(" | ")
                            .append(percentile(r.detectionTimes(), 0.99))
                            .append(" | ").append(ms(d == null ? null : d.max())).append(" | ")
                            .append(d == null ? "–" : d.undetected() + " of " + (d.count() + d.undetected()))
                            .append(" | – | ").append(recovery(r.toFirstOk(), r.neverFirstOk())).append(" | ")
                            .append(recovery(r.toFullMembership(), r.neverFullMembership()));
                } else if (row instanceof JitterRow r) {
                    s.append(r.description()).append(String.format(Locale.ROOT, " | %.0f s", r.length().toNanos() / 1e9))
                            .append(" | – | – | – | – | ").append(r.mistakes())
                            .append(r.perHour() == null ? "" : String.format(Locale.ROOT, " (%,.0f/h)", r.perHour()))
                            .append(" | – | –");
                }
                s.append(" |\n");
            }
        }
        return s.toString();
    }

    /** The table, with what it measured, the runs it comes from and how to make it again. */
    static synchronized String document(String regenerate) {
        StringBuilder s = new StringBuilder("# Reference service: failure detection by configuration\n\n");
        s.append(table()).append('\n');
        if (!ENTRIES.isEmpty()) {
            ReferenceConfig c = ENTRIES.get(0).config();
            s.append("Three nodes; heartbeat interval h = ").append(c.heartbeatInterval().toMillis())
                    .append(" ms, detector timeout T = ").append(c.detectorTimeout().toMillis()).append(" ms; ")
                    .append(ENTRIES.stream().map(Entry::backend).distinct().collect(Collectors.joining(", ")))
                    .append(" backend; measured ")
                    .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(".\n\n");
        }
        s.append("""
                - **T_D**: from a fault's injection to each other node's first suspicion of its target, stamped \
                with the suspecting node's own `System.nanoTime()`; nearest-rank percentiles over the (fault, \
                observer) pairs that noticed (n), with 95 % bootstrap intervals (2,000 resamples, percentile \
                method); with fewer than 100 pairs a p99 is the largest sample or next to it. \
                *isolate* cuts one node off from both others. **never noticed**: pairs in which the observer \
                did not suspect the target before it was back (plus the checker's 2 s grace period). \
                Phi-accrual judges a silence by the peer's last 100 inter-arrival times (some 10 s), the gap \
                of an earlier fault included: a node's second fault within that time is noticed later, or \
                not at all in 1.5 s. **phi-reset** is phi with `phi.reset-on-rejoin`: the heartbeat that \
                ends a suspicion starts the history afresh, so an earlier fault's gap is forgotten.
                - **mistakes under jitter**: suspicions of live peers that began while one node's messages \
                to its peers were delayed, and in brackets per hour of observation by every ordered pair of \
                nodes meanwhile (Chen, Toueg and Aguilera's λ_M, restricted to the jitter).
                - **recovery**: the longest, over the faults of the kind, from the fault's end (restart, resume \
                or heal issued) to the first ok client operation, and to the first moment no node suspects \
                another across the fault.
                """);
        s.append("\nRuns:\n\n");
        for (Entry e : sorted()) {
            s.append("- ").append(e.config().describe()).append(": seed ").append(e.seed()).append(", load average ")
                    .append(e.load()).append(" when it ended, `").append(e.directory()).append("`\n");
        }
        s.append("\nRegenerate: `").append(regenerate).append("`\n");
        return s.toString();
    }

    private static List<Entry> sorted() {
        List<Entry> entries = new ArrayList<>(ENTRIES);
        entries.sort(Comparator.comparing((Entry e) -> e.config().mode()).thenComparing(e -> e.config().strategy()));
        return entries;
    }

    static synchronized boolean isEmpty() {
        return ENTRIES.isEmpty();
    }

    /** Writes {@code content} to {@code file}, creating its directory; returns the absolute path. */
    static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, content);
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the detection matrix to " + file, e);
        }
    }

    private static List<FaultDetection> ofKind(DetectionReport report, String kind) {
        return report.faults().stream().filter(f -> f.fault().kind().equals(kind)).toList();
    }

    private static Duration length(List<FaultDetection> faults) {
        long nanos = 0;
        for (FaultDetection f : faults) {
            if (f.fault().end() != null) {
                nanos += f.fault().end() - f.fault().start();
            }
        }
        return Duration.ofNanos(nanos);
    }

    private static Duration longest(List<Duration> durations) {
        return durations.stream().filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }

    private static int nulls(List<Duration> durations) {
        return (int) durations.stream().filter(Objects::isNull).count();
    }

    private static String recovery(Duration d, int never) {
        String s = d == null ? "never" : "≤ " + ms(d);
        return never > 0 && d != null ? s + " (" + never + " never)" : s;
    }

    private static String ms(Duration d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%,d ms", Math.round(d.toNanos() / 1e6));
    }

    /** {@code 532 ms [518–547] (n=60)}: nearest-rank percentile, its 95 % bootstrap interval and the sample count. */
    private static String percentile(List<Duration> samples, double quantile) {
        return samples.isEmpty() ? "–" : BootstrapInterval.of(samples, quantile, 1).describe() + " (n=" + samples.size() + ")";
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
