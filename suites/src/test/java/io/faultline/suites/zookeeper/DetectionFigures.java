package io.faultline.suites.zookeeper;

import io.faultline.checkers.detection.DetectionReport;
import io.faultline.checkers.detection.DetectionStats;
import io.faultline.checkers.detection.FaultDetection;
import io.faultline.harness.RunResult;
import io.faultline.harness.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The detection chaos test's figures as Markdown, for README.md: a section per backend in
 * {@code target/faultline/zookeeper-detection.md}, each run replacing its backend's section.
 */
final class DetectionFigures {
    private static final String FILE = "zookeeper-detection.md";
    private static final String HEADING = "## ZooKeeper failure detection, %s backend";

    private DetectionFigures() {
    }

    /** Writes the run's section into the file, and returns the section. */
    static String write(DetectionReport report, RunResult result, Properties zooCfg) throws IOException {
        String backend = backend(result);
        Path file = Paths.get(System.getProperty("faultline.dir", "target/faultline")).resolve(FILE).toAbsolutePath();
        Files.createDirectories(file.getParent());
        String heading = String.format(Locale.ROOT, HEADING, backend);
        List<String> sections = new ArrayList<>();
        if (Files.exists(file)) {
            for (String section : Files.readString(file).split("(?m)^(?=## )")) {
                if (section.startsWith("## ") && !section.startsWith(heading + "\n")) {
                    sections.add(section.stripTrailing() + "\n");
                }
            }
        }
        String section = section(heading, report, result, zooCfg);
        sections.add(section);
        Files.writeString(file, String.join("\n", sections));
        return section + "\n(written to " + file + ")\n";
    }

    private static String section(String heading, DetectionReport report, RunResult result, Properties zooCfg) {
        long tick = Long.parseLong(zooCfg.getProperty("tickTime"));
        long syncLimit = Long.parseLong(zooCfg.getProperty("syncLimit"));
        StringBuilder md = new StringBuilder(heading).append("\n\n");
        md.append(String.format(Locale.ROOT, "ZooKeeper 3.9.5, %d servers; tickTime %d ms, syncLimit %d: a leader and its"
                        + " followers give up on each other after %d ms without a packet. `ZooKeeperDetectionProbe` polls every"
                        + " %d ms. One fault of each kind, %s, each followed by a wait until the ensemble has settled; run `%s`, seed %d.%n%n",
                result.nodes().size(), tick, syncLimit, tick * syncLimit, ZooKeeperDetectionProbe.DEFAULT_POLL_MILLIS,
                lengths(report), result.directory().getFileName(), result.seed()));
        md.append("| fault | injection took | observers that noticed | T_D p50 | T_D p99 | T_D max | first ok op after its end"
                + " | full membership after its end |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|\n");
        Map<String, List<FaultDetection>> byKind = new LinkedHashMap<>();
        report.faults().forEach(f -> byKind.computeIfAbsent(f.fault().kind(), k -> new ArrayList<>()).add(f));
        boolean unwatched = false;
        for (Map.Entry<String, List<FaultDetection>> kind : byKind.entrySet()) {
            DetectionStats stats = report.detectionByKind().get(kind.getKey());
            boolean followerFault = kind.getKey().endsWith("-follower") && stats != null && stats.undetected() > 0;
            unwatched |= followerFault;
            md.append(row(kind.getKey(), injection(result, kind.getKey()), stats, followerFault ? " ¹" : "", kind.getValue()));
        }
        md.append(row("all", injection(result, null), report.detection(), "", report.faults()));
        md.append('\n');
        if (unwatched) {
            md.append("¹ The other follower never notices: ZooKeeper followers do not watch each other.\n\n");
        }
        long turnedAway = turnedAway(result);
        if (turnedAway > 0) {
            md.append(String.format(Locale.ROOT, "Followers were turned away %s in this run: a follower that dials a newly"
                    + " elected leader before it listens is accepted by the link's proxy and hung up on (`EOFException` in"
                    + " `Learner.registerWithLeader`), where a direct dial would be refused and retried; it goes back to"
                    + " looking, and the ensemble can stay without it, or without a quorum, until another server confirms"
                    + " the leader. Mistakes and slow recoveries in this run come from that.%n%n",
                    turnedAway == 1 ? "once" : turnedAway + " times"));
        }
        md.append("T_D: from the injection to each observer's first suspicion of the target, read from ZooKeeper's own state"
                + " (see `ZooKeeperDetectionProbe`: a follower suspects the leader it stopped following, a leader the"
                + " voting servers that are not its synced learners); late by up to one poll interval plus two loopback round trips (see BENCHMARKS.md)."
                + " Recovery: from the fault's end (restart, resume or heal issued) to the first client operation that"
                + " completed ok, and to the first moment no server suspected another across the fault; with more than one"
                + " fault of a kind, the longest. Injection: from the fault's stamp to the nemesis returning; T_D"
                + " includes it. " + report.summary() + ".\n");
        return md.toString();
    }

    private static String row(String kind, Duration injection, DetectionStats stats, String note, List<FaultDetection> faults) {
        String noticed = stats == null ? "—" : stats.count() + " of " + (stats.count() + stats.undetected()) + note;
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", kind, millis(injection), noticed,
                millis(stats == null ? null : stats.p50()), millis(stats == null ? null : stats.p99()),
                millis(stats == null ? null : stats.max()),
                longest(faults, FaultDetection::toFirstOk), longest(faults, FaultDetection::toFullMembership));
    }

    private static String longest(List<FaultDetection> faults, Function<FaultDetection, Duration> of) {
        if (faults.stream().map(of).anyMatch(Objects::isNull)) {
            return "never";
        }
        return millis(faults.stream().map(of).max(Duration::compareTo).orElse(null));
    }

    private static String lengths(DetectionReport report) {
        return report.faults().stream().filter(f -> f.fault().end() != null)
                .map(f -> Duration.ofNanos(f.fault().end() - f.fault().start()).toMillis())
                .reduce(Long::max).map(ms -> "each lasting up to " + ms + " ms").orElse("none ended");
    }

    /** The longest injection of the run: how long a nemesis took to put its fault in place. */
    static Duration longestInjection(RunResult result) {
        Duration longest = injection(result, null);
        return longest == null ? Duration.ZERO : longest;
    }

    /** The longest injection of faults of {@code kind} (any, when null), from the {@code inject-ms} that {@code Nemeses.timed} adds to its details. */
    private static Duration injection(RunResult result, String kind) {
        long longest = -1;
        for (Event e : result.events()) {
            if (e.type().equals("fault-start") && (kind == null || kind.equals(e.fields().get("kind")))
                    && e.fields().get("details") instanceof Map<?, ?> details
                    && details.get("inject-ms") instanceof Number ms) {
                longest = Math.max(longest, ms.longValue());
            }
        }
        return longest < 0 ? null : Duration.ofMillis(longest);
    }

    /** How often a follower's first read from a leader it had just connected to met end of file. */
    static long turnedAway(RunResult result) {
        Path logs = result.directory().resolve("logs");
        if (!Files.isDirectory(logs)) {
            return 0;
        }
        long count = 0;
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains("Exception when following the leader")) {
                        List<String> trace = lines.subList(i + 1, Math.min(lines.size(), i + 12));
                        if (!trace.isEmpty() && trace.get(0).startsWith("java.io.EOFException")
                                && trace.stream().anyMatch(l -> l.contains("Learner.registerWithLeader"))) {
                            count++;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the node logs in " + logs, e);
        }
        return count;
    }

    private static String millis(Duration d) {
        return d == null ? "—" : String.format(Locale.ROOT, "%,d ms", Math.round(d.toNanos() / 1e6));
    }

    /** The backend the run booted on, from its boot phase event. */
    private static String backend(RunResult result) {
        return result.events().stream().filter(e -> e.type().equals("phase") && e.fields().containsKey("backend"))
                .map(e -> String.valueOf(e.fields().get("backend"))).findFirst().orElse("unknown");
    }
}
