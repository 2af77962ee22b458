package io.faultline.suites.reference;

import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.stats.BootstrapInterval;
import io.faultline.harness.Event;
import io.faultline.harness.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recovery matrix: for each recovery strategy and each fault of a leader, how long the cluster
 * had no leader, how long each client could not get an answer, what failed meanwhile, and when the
 * old leader was back — read from a run's history, its events and the nodes' {@code FAULTLINE-ROLE}
 * lines (stamped with the node's {@code System.nanoTime()}, placed on the run's clock through the boot
 * event's {@code origin-nanotime}: same host, same {@code CLOCK_MONOTONIC}).
 */
final class RecoveryMatrix {
    private static final Pattern ROLE = Pattern.compile(
            "FAULTLINE-ROLE node=(\\S+) role=(\\S+) term=(\\d+) leader=(\\S+) nanos=(\\d+)");
    private static final Map<String, List<Measurement>> CELLS = new TreeMap<>();

    private RecoveryMatrix() {
    }

    /**
     * One fault of a leader.
     *
     * @param kind the fault kind
     * @param oldLeader the leader it struck
     * @param toNewLeader from the fault's start to a {@code role=leader} line of a later term than the struck
     *     leader's: usually another node's, but after a fault that also took down the only other node with
     *     every committed entry, the old leader's own once restarted; null if none came
     * @param unavailable per client, the longest time between two of its ok operations that overlaps the fault
     * @param failed operations that completed :fail in that window
     * @param indeterminate operations that completed :info in that window
     * @param rejoin from the fault's end to the old leader following a leader again (or leading one later
     *     term, as above); null if it did not
     */
    record Measurement(String kind, String oldLeader, Duration toNewLeader, List<Duration> unavailable, int failed,
                       int indeterminate, Duration rejoin) {
        Duration longestUnavailable() {
            return unavailable.stream().max(Comparator.naturalOrder()).orElse(null);
        }
    }

    private record Role(long time, String node, String role, long term, String leader) {
    }

    /**
     * Measures every fault of the run whose kind is in {@code kinds}, and files them under {@code strategy}.
     * {@code clients} is the workload's process count: a process that timed out goes on under its
     * number plus that, so a client is its process number modulo it.
     */
    static synchronized List<Measurement> record(String strategy, RunResult result, List<String> kinds, int clients) {
        List<Role> roles = roles(result);
        List<Measurement> measured = new ArrayList<>();
        Map<Object, Event> starts = new LinkedHashMap<>();
        Map<Object, Event> ends = new LinkedHashMap<>();
        for (Event e : result.events()) {
            if (e.type().equals("fault-start") && kinds.contains(String.valueOf(e.fields().get("kind")))) {
                starts.put(e.fields().get("id"), e);
            } else if (e.type().equals("fault-end")) {
                ends.put(e.fields().get("id"), e);
            }
        }
        for (Map.Entry<Object, Event> s : starts.entrySet()) {
            Event end = ends.get(s.getKey());
            if (end == null) {
                continue;
            }
            measured.add(measure(s.getValue(), end, roles, result.history().ops(), clients));
        }
        Map<String, List<Measurement>> cells = new TreeMap<>();
        measured.forEach(m -> cells.computeIfAbsent(strategy + " | " + m.kind(), k -> new ArrayList<>()).add(m));
        cells.forEach((cell, ms) -> CELLS.computeIfAbsent(cell, k -> new ArrayList<>()).addAll(ms));
        // The run's own cells, for its report (the reports module draws a run's tables/*.md).
        write(result.directory().resolve("tables").resolve("recovery-matrix.md"), "# Recovery matrix: this run\n\n"
                + tableOf(cells) + "\nLoad average (1 / 5 / 15 min) " + MachineLoad.now() + " when the run was measured.\n");
        return measured;
    }

    private static Measurement measure(Event start, Event end, List<Role> roles, List<Op> ops, int clients) {
        long s = start.time();
        long e = end.time();
        String oldLeader = String.valueOf(((List<?>) start.fields().get("nodes")).get(0));
        long struckTerm = roles.stream().filter(r -> r.time() <= s && r.node().equals(oldLeader))
                .mapToLong(Role::term).reduce((a, b) -> b).orElse(0);
        Duration toNewLeader = roles.stream()
                .filter(r -> r.time() > s && r.role().equals("leader") && r.term() > struckTerm)
                .findFirst().map(r -> Duration.ofNanos(r.time() - s)).orElse(null);
        Duration rejoin = roles.stream()
                .filter(r -> r.time() > e && r.node().equals(oldLeader) && (r.role().equals("leader")
                        ? r.term() > struckTerm : !r.role().equals("candidate") && !r.leader().equals("unknown")))
                .findFirst().map(r -> Duration.ofNanos(r.time() - e)).orElse(null);

        // Per client, the longest silence between two ok operations that overlaps the fault: a simple
        // fault's whole outage, and for a compound one (the standby killed during recovery) the worst of
        // its outages, not just the first.
        Map<Integer, List<Long>> oks = new TreeMap<>();
        for (Op op : ops) {
            if (!op.isNemesis() && op.type() == OpType.OK && op.hasTime()) {
                oks.computeIfAbsent(op.process() % clients, k -> new ArrayList<>()).add(op.time());
            }
        }
        List<Duration> unavailable = new ArrayList<>();
        long windowStart = s;
        long windowEnd = s;
        for (List<Long> times : oks.values()) {
            times.sort(null);
            long longest = -1;
            for (int i = 1; i < times.size(); i++) {
                long before = times.get(i - 1);
                long after = times.get(i);
                if (before <= e && after > s && after - before > longest) {
                    longest = after - before;
                    windowStart = Math.min(windowStart, before);
                    windowEnd = Math.max(windowEnd, after);
                }
            }
            if (longest >= 0) {
                unavailable.add(Duration.ofNanos(longest));
            }
        }
        int failed = 0;
        int indeterminate = 0;
        for (Op op : ops) {
            if (!op.isNemesis() && op.hasTime() && op.time() > windowStart && op.time() <= windowEnd) {
                failed += op.type() == OpType.FAIL ? 1 : 0;
                indeterminate += op.type() == OpType.INFO ? 1 : 0;
            }
        }
        return new Measurement(String.valueOf(start.fields().get("kind")), oldLeader, toNewLeader, unavailable,
                failed, indeterminate, rejoin);
    }

    /** Every node's role lines, on the run's clock, in time order. */
    private static List<Role> roles(RunResult result) {
        long origin = result.events().stream()
                .filter(e -> e.type().equals("phase") && "boot".equals(e.fields().get("phase")))
                .map(e -> e.fields().get("origin-nanotime")).filter(Number.class::isInstance)
                .mapToLong(v -> ((Number) v).longValue()).findFirst()
                .orElseThrow(() -> new IllegalStateException("the boot event of " + result.directory()
                        + " has no origin-nanotime, so node lines cannot be placed on the run's clock"));
        List<Role> roles = new ArrayList<>();
        for (String node : result.nodes()) {
            Path log = result.directory().resolve("logs").resolve(node + ".log");
            try {
                for (String line : Files.readAllLines(log)) {
                    Matcher m = ROLE.matcher(line);
                    if (m.find()) {
                        roles.add(new Role(Long.parseLong(m.group(5)) - origin, m.group(1), m.group(2), Long.parseLong(m.group(3)),
                                m.group(4)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + log + " for the role lines", e);
            }
        }
        roles.sort(Comparator.comparingLong(Role::time));
        return roles;
    }

    static synchronized boolean isEmpty() {
        return CELLS.isEmpty();
    }

    /**
     * The matrix as Markdown: nearest-rank p50 and p99 with 95 % bootstrap intervals (2,000 resamples,
     * percentile method) and the number of faults they rest on, where a cell has samples.
     */
    static synchronized String table() {
        return tableOf(CELLS);
    }

    private static String tableOf(Map<String, List<Measurement>> cells) {
        StringBuilder t = new StringBuilder("| recovery | fault | faults | new leader after: p50 | p99 | longest unavailability per client: p50 | p99 "
                + "| failed / indeterminate ops in it (mean per fault) | no new leader | old leader rejoined after: p50 | p99 |\n"
                + "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        cells.forEach((cell, ms) -> {
            List<Duration> leader = ms.stream().map(Measurement::toNewLeader).filter(d -> d != null).toList();
            List<Duration> unavailable = ms.stream().map(Measurement::longestUnavailable).filter(d -> d != null).toList();
            List<Duration> rejoin = ms.stream().map(Measurement::rejoin).filter(d -> d != null).toList();
            t.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %.1f / %.1f | %d | %s | %s |%n",
                    cell, ms.size(), cellOf(leader, 0.5), cellOf(leader, 0.99), cellOf(unavailable, 0.5),
                    cellOf(unavailable, 0.99), ms.stream().mapToInt(Measurement::failed).average().orElse(0),
                    ms.stream().mapToInt(Measurement::indeterminate).average().orElse(0),
                    ms.size() - leader.size(), cellOf(rejoin, 0.5), cellOf(rejoin, 0.99)));
        });
        return t.toString();
    }

    private static String cellOf(List<Duration> samples, double quantile) {
        return samples.isEmpty() ? "–" : BootstrapInterval.of(samples, quantile, 1).describe() + " (n=" + samples.size() + ")";
    }

    static Path write(Path file, String document) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, document);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recovery matrix to " + file, e);
        }
    }
}
