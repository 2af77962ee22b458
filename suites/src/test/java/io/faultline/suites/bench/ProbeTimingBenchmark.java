package io.faultline.suites.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.faultline.harness.Cluster;
import io.faultline.harness.DetectionProbe;
import io.faultline.harness.LogLineProbe;
import io.faultline.harness.RunClock;
import io.faultline.suites.StandInCluster;
import io.faultline.suites.StandInNode;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * How late, and how wrong, detection probes stamp an opinion change whose moment is known: the
 * timing error of {@link LogLineProbe} on lines with and without a {@code nanos} stamp, and of
 * {@code ZooKeeperDetectionProbe} (see {@link ZooKeeperProbeTiming}). A tool, not a test: it asserts
 * nothing, and prints Markdown tables for BENCHMARKS.md.
 *
 * <p>The log lines come from a child JVM, as a node's would: it appends each line to its standard
 * output, redirected to a file as the process backend redirects a node's, at a {@code System.nanoTime()}
 * it writes into the line. Every process on the host reads the same CLOCK_MONOTONIC, so that moment is
 * known to the nanosecond on the probe's clock. Both probes watch the same file at once.
 *
 * <p>Run from the repository root (the ZooKeeper part needs the process backend, and takes about a
 * minute):
 * <pre>
 * mvn -q -o install -DskipTests
 * mvn -q -o -pl suites test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
 * java -cp suites/target/test-classes:suites/target/classes:$(cat suites/target/bench.classpath) io.faultline.suites.bench.ProbeTimingBenchmark
 * </pre>
 * Sizes: {@code -Dbench.lines=300 -Dbench.kills=10 -Dbench.pauses=5} before the class name;
 * {@code -Dbench.pollMillis=5} polls ZooKeeper more often than the default 20 ms; {@code
 * -Dbench.zookeeper=false} skips ZooKeeper.
 */
public final class ProbeTimingBenchmark {
    private static final String LINE = "FAULTLINE-DETECT observer=n1 peer=n2 state=%s at=%d seq=%d";
    private static final Pattern TRUTH = Pattern.compile("at=(\\d+) seq=(\\d+)");

    private final int lines = Integer.getInteger("bench.lines", 300);

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--write-lines")) {
            writeLines(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            return;
        }
        List<String> rows = new ArrayList<>();
        new ProbeTimingBenchmark().logLines(rows);
        System.out.printf(Locale.ROOT, "%n| probe | events | stamp error p50 | p99 | max | reported after p50 | p99 | max |%n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|%n");
        rows.forEach(System.out::println);
        if (!"false".equals(System.getProperty("bench.zookeeper"))) {
            zooKeeper();
        }
        System.out.printf(Locale.ROOT, "%n%s %s, %d cores, load average %.1f at the end%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** (a) and (b): one child writes, two probes read the same log. */
    private void logLines(List<String> rows) throws Exception {
        Path dir = Files.createTempDirectory("faultline-probe-bench");
        Path log = dir.resolve("n1.log");
        Files.createFile(log);
        Cluster cluster = StandInCluster.of(List.of(new LogNode("n1", log)));
        RunClock clock = RunClock.start();
        Reports stamped = new Reports(clock);
        Reports unstamped = new Reports(clock);
        LogLineProbe withNanos = LogLineProbe.matching(
                "FAULTLINE-DETECT observer=(?<observer>\\S+) peer=(?<peer>\\S+) state=(?<state>\\S+) at=(?<nanos>\\d+)");
        LogLineProbe withoutNanos = LogLineProbe.matching("FAULTLINE-DETECT observer=(?<observer>\\S+) peer=(?<peer>\\S+) state=(?<state>\\S+)");
        withNanos.start(cluster, clock, stamped);
        withoutNanos.start(cluster, clock, unstamped);
        try {
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ProbeTimingBenchmark.class.getName(),
                    "--write-lines", String.valueOf(lines), "42")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!writer.waitFor(2, TimeUnit.MINUTES)) {
                writer.destroyForcibly();
                throw new IllegalStateException("the line writer did not finish within 2 minutes; see " + log);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((stamped.size() < lines || unstamped.size() < lines) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            withNanos.stop();
            withoutNanos.stop();
        }
        List<Long> truth = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = TRUTH.matcher(line);
            if (m.find()) {
                truth.add(Long.parseLong(m.group(1)) - clock.originNanoTime());
            }
        }
        rows.add(stamped.row("`LogLineProbe`, lines with a `nanos` stamp", truth));
        rows.add(unstamped.row("`LogLineProbe`, lines without (time = when read)", truth));
    }

    /**
     * The child: {@code count} lines, alternately suspect and trust, 5 to 15 ms apart at random so
     * that they fall anywhere in the probe's poll cycle; each flushed as written.
     */
    private static void writeLines(int count, long seed) throws InterruptedException {
        Random random = new Random(seed);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Thread.sleep(200); // the probes are polling by now
        for (int i = 0; i < count; i++) {
            Thread.sleep(5 + random.nextInt(11));
            long at = System.nanoTime();
            out.println(String.format(Locale.ROOT, LINE, i % 2 == 0 ? "suspect" : "trust", at, i));
            out.flush();
        }
    }

    private static void zooKeeper() {
        System.out.println("\nZooKeeper: booting three servers on the process backend...");
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ZooKeeperProbeTiming.class))
                .configurationParameter("faultline.dir", Path.of("suites", "target", "faultline").toAbsolutePath().toString())
                .execute().testEvents();
        tests.failed().stream().forEach(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .ifPresent(t -> {
                    System.out.println("ZooKeeper measurement failed: " + t);
                    t.printStackTrace(System.out);
                }));
        ZooKeeperProbeTiming.report().forEach(System.out::println);
    }

    /** A sink that notes each report's stamp and when it arrived, both on the run's clock. */
    static final class Reports implements DetectionProbe.Sink {
        private final RunClock clock;
        private final List<long[]> reports = new ArrayList<>();

        Reports(RunClock clock) {
            this.clock = clock;
        }

        @Override
        public synchronized void suspect(String observer, String peer, long time) {
            reports.add(new long[] {time, clock.nanos()});
        }

        @Override
        public synchronized void trust(String observer, String peer, long time) {
            reports.add(new long[] {time, clock.nanos()});
        }

        @Override
        public void error(String node, Exception error) {
            // a poll that failed shows as a late or missing report, which the table counts
        }

        synchronized int size() {
            return reports.size();
        }

        /** Report i is line i: one writer, one reading thread per probe, both in order. */
        synchronized String row(String what, List<Long> truth) {
            int n = Math.min(reports.size(), truth.size());
            long[] error = new long[n];
            long[] delay = new long[n];
            for (int i = 0; i < n; i++) {
                error[i] = reports.get(i)[0] - truth.get(i);
                delay[i] = reports.get(i)[1] - truth.get(i);
            }
            return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s |", what, n,
                    Stats.millis(Stats.percentile(error, 50)), Stats.millis(Stats.percentile(error, 99)), Stats.millis(Stats.max(error)),
                    Stats.millis(Stats.percentile(delay, 50)), Stats.millis(Stats.percentile(delay, 99)), Stats.millis(Stats.max(delay)));
        }
    }

    /** A node that is only a log file. */
    private static final class LogNode extends StandInNode {
        private final Path log;

        LogNode(String name, Path log) {
            super(name);
            this.log = log;
        }

        @Override
        public Path log() {
            return log;
        }
    }
}
