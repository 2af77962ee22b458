package io.faultline.suites.bench;

import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.Cluster;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.DetectionProbe;
import io.faultline.harness.Node;
import io.faultline.harness.RunClock;
import io.faultline.suites.zookeeper.FourLetterWords;
import io.faultline.suites.zookeeper.ZooKeeperCluster;
import io.faultline.suites.zookeeper.ZooKeeperDetectionProbe;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code ZooKeeperDetectionProbe}'s timing error, on three real servers (process backend): faults
 * whose moment the benchmark knows to a few microseconds, the moment ZooKeeper logs its change of
 * mind, and the moment the probe reports it.
 *
 * <ul>
 *   <li><b>kill -9 of a follower</b>, sent with {@link ProcessHandle#destroyForcibly()} (one
 *       {@code kill(2)}) between two {@code nanoTime} reads: the leader's connection to it breaks at
 *       once, and the leader logs {@code GOODBYE} as it drops the learner.
 *   <li><b>SIGSTOP of the leader</b>, by a shell started beforehand that runs {@code kill -STOP} when a
 *       byte arrives on its input, between the write and {@code /proc/<pid>/stat} showing {@code T}:
 *       each follower gives up after syncLimit × tickTime and logs {@code Peer state changed: looking}.
 * </ul>
 *
 * ZooKeeper's log lines carry the wall time in whole milliseconds, so "change → report" is known to
 * ±0.5 ms (the line's millisecond plus half of one, mapped onto nanoTime by one reading of both clocks).
 * The probe here is one of its own, not the cluster's, so that its reports are timed by this class.
 * Run by {@link ProbeTimingBenchmark} only: Surefire's includes do not match its name.
 */
class ZooKeeperProbeTiming {
    private static final int KILLS = Integer.getInteger("bench.kills", 10);
    private static final int PAUSES = Integer.getInteger("bench.pauses", 5);
    private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(800);
    private static final long POLL_MILLIS = Long.getLong("bench.pollMillis", ZooKeeperDetectionProbe.DEFAULT_POLL_MILLIS);

    @ChaosCluster
    static final ClusterSpec ZK = withoutProbes(ZooKeeperCluster.ensemble(3));

    private static final List<String> LINES = new ArrayList<>();

    /** One measured change of opinion: the fault, ZooKeeper's logged change, the probe's report (nanoTime). */
    private record Sample(String fault, long faultAt, long faultWindow, long zooKeeperAt, long probeAt) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Reports reports = new Reports();
    private final RunClock clock = RunClock.start();
    private final long wallOriginNanos = System.nanoTime();
    private final Instant wallOrigin = Instant.now();

    private static ClusterSpec withoutProbes(ClusterSpec spec) {
        return spec.withoutDetectionProbes();
    }

    /** The Markdown the run produced, or why it did not. */
    static List<String> report() {
        return LINES.isEmpty() ? List.of("ZooKeeper: no measurement (see above)") : List.copyOf(LINES);
    }

    @ChaosTest(backend = "process")
    void measure(ChaosRun run) throws Exception {
        Cluster cluster = run.cluster();
        ZooKeeperDetectionProbe probe = ZooKeeperDetectionProbe.create().withPollInterval(Duration.ofMillis(POLL_MILLIS));
        probe.start(cluster, clock, reports);
        try {
            for (int i = 0; i < KILLS; i++) {
                killFollower(cluster);
            }
            for (int i = 0; i < PAUSES; i++) {
                pauseLeader(cluster);
            }
        } finally {
            probe.stop();
        }
        table();
    }

    private void killFollower(Cluster cluster) throws Exception {
        String leader = settled(cluster);
        String follower = cluster.nodes().stream().map(Node::name).filter(n -> !n.equals(leader))
                .skip(samples.size() % 2).findFirst().orElseThrow();
        ProcessHandle process = pid(follower);
        reports.clear();
        long before = System.nanoTime();
        process.destroyForcibly();
        long after = System.nanoTime();
        long probeAt = reports.await(leader, follower, TimeUnit.SECONDS.toNanos(5));
        long logged = loggedAfter(cluster.node(leader), before, l -> l.contains("******* GOODBYE"));
        samples.add(new Sample("kill -9 follower (the leader notices)", (before + after) / 2, after - before, logged, probeAt));
        cluster.node(follower).restart();
    }

    private void pauseLeader(Cluster cluster) throws Exception {
        String leader = settled(cluster);
        ProcessHandle process = pid(leader);
        Process trigger = new ProcessBuilder("/bin/sh", "-c", "read go; kill -STOP " + process.pid()).start();
        Thread.sleep(50); // the shell is waiting on read
        reports.clear();
        OutputStream go = trigger.getOutputStream();
        long before = System.nanoTime();
        go.write('\n');
        go.flush();
        while (state(process) != 'T') {
            Thread.onSpinWait();
        }
        long after = System.nanoTime();
        trigger.waitFor();
        try {
            for (Node node : cluster.nodes()) {
                if (!node.name().equals(leader)) {
                    long probeAt = reports.await(node.name(), leader, TimeUnit.SECONDS.toNanos(5));
                    long logged = loggedAfter(node, before, l -> l.contains("Peer state changed: looking"));
                    samples.add(new Sample("SIGSTOP leader (each follower notices)", (before + after) / 2, after - before, logged, probeAt));
                }
            }
        } finally {
            new ProcessBuilder("/bin/sh", "-c", "kill -CONT " + process.pid()).start().waitFor();
        }
    }

    /** Waits until one server leads and the others follow, then a little longer; returns the leader. */
    private static String settled(Cluster cluster) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<String> leader = cluster.leader();
            boolean all = leader.isPresent() && cluster.nodes().stream().allMatch(n -> mode(n).filter(
                    m -> m.equals(n.name().equals(leader.get()) ? "leader" : "follower")).isPresent());
            if (all) {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(SETTLE_NANOS));
                return leader.get();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the ensemble did not settle (one leader, the rest following) within 30 s");
    }

    private static Optional<String> mode(Node node) {
        try {
            return FourLetterWords.field(FourLetterWords.srvr(node.directAddress(ZooKeeperCluster.CLIENT_PORT)), "Mode");
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The node's JVM: the child of this one that the process backend marked with its name. Read from
     * /proc, since {@code ProcessHandle.Info} gives no arguments for a command line as long as a
     * node's, classpath included.
     */
    private static ProcessHandle pid(String node) {
        String marker = "-Dfaultline.node=" + node;
        return ProcessHandle.current().children().filter(p -> {
            try {
                String cmdline = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline"), StandardCharsets.ISO_8859_1);
                return List.of(cmdline.split("\0")).contains(marker);
            } catch (IOException e) {
                return false; // gone
            }
        }).findFirst().orElseThrow(() -> new IllegalStateException("no child JVM of this one is marked " + marker));
    }

    private static char state(ProcessHandle process) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    /**
     * The nanoTime of the first line of {@code node}'s log, stamped at or after {@code since} (less a
     * millisecond for truncation), that matches; the line's millisecond plus half of one.
     */
    private long loggedAfter(Node node, long since, Predicate<String> match) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(node.log(), StandardCharsets.ISO_8859_1)) {
                if (line.length() < 12 || !match.test(line)) {
                    continue;
                }
                long at;
                try {
                    at = nanoTimeOf(LocalTime.parse(line.substring(0, 12)));
                } catch (DateTimeParseException e) {
                    continue;
                }
                if (at >= since - TimeUnit.MILLISECONDS.toNanos(1)) {
                    return at + TimeUnit.MICROSECONDS.toNanos(500);
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no matching line in " + node.log() + " within 5 s");
    }

    /** A wall time of today, as a log line gives it, on this JVM's nanoTime. */
    private long nanoTimeOf(LocalTime wall) {
        ZoneId zone = ZoneId.systemDefault();
        long epochNanos = wall.atDate(LocalDate.ofInstant(wallOrigin, zone)).atZone(zone).toInstant().toEpochMilli() * 1_000_000L;
        long originEpochNanos = wallOrigin.getEpochSecond() * 1_000_000_000L + wallOrigin.getNano();
        return wallOriginNanos + (epochNanos - originEpochNanos);
    }

    private void table() {
        LINES.add("");
        LINES.add("| fault | events | fault's moment known to, p50 / max | fault → ZooKeeper logs its change, p50 / max"
                + " | change → probe reports it, p50 / max | fault → probe reports it, p50 / max |");
        LINES.add("|---|---:|---:|---:|---:|---:|");
        for (String fault : samples.stream().map(Sample::fault).distinct().toList()) {
            List<Sample> of = samples.stream().filter(s -> s.fault().equals(fault)).toList();
            long[] window = of.stream().mapToLong(Sample::faultWindow).toArray();
            long[] reaction = of.stream().mapToLong(s -> s.zooKeeperAt() - s.faultAt()).toArray();
            long[] error = of.stream().mapToLong(s -> s.probeAt() - s.zooKeeperAt()).toArray();
            long[] total = of.stream().mapToLong(s -> s.probeAt() - s.faultAt()).toArray();
            LINES.add(String.format(Locale.ROOT, "| %s | %d | %s / %s | %s / %s | %s / %s | %s / %s |", fault, of.size(),
                    micros(Stats.percentile(window, 50)), micros(Stats.max(window)),
                    Stats.millis(Stats.percentile(reaction, 50)), Stats.millis(Stats.max(reaction)),
                    Stats.millis(Stats.percentile(error, 50)), Stats.millis(Stats.max(error)),
                    Stats.millis(Stats.percentile(total, 50)), Stats.millis(Stats.max(total))));
        }
        LINES.add("");
        LINES.add(String.format(Locale.ROOT, "`ZooKeeperDetectionProbe` polling every %d ms, process backend. \"Change → probe\""
                + " is ±0.5 ms: ZooKeeper's log stamps are whole milliseconds.", POLL_MILLIS));
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%d µs", Math.round(nanos / 1e3));
    }

    /** The probe's suspicions, stamped on this JVM's nanoTime. */
    private final class Reports implements DetectionProbe.Sink {
        private final List<Object[]> suspicions = new ArrayList<>();

        @Override
        public synchronized void suspect(String observer, String peer, long time) {
            suspicions.add(new Object[] {observer, peer, time + clock.originNanoTime()});
            notifyAll();
        }

        @Override
        public void trust(String observer, String peer, long time) {
        }

        @Override
        public void error(String node, Exception error) {
            // the measurement kills and pauses servers: their polls fail, and only suspicions are timed
        }

        synchronized void clear() {
            suspicions.clear();
        }

        /** When {@code observer} first suspected {@code peer} since the last clear. */
        synchronized long await(String observer, String peer, long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                for (Object[] s : suspicions) {
                    if (s[0].equals(observer) && s[1].equals(peer)) {
                        return (Long) s[2];
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(observer + " did not come to suspect " + peer + " within "
                            + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
