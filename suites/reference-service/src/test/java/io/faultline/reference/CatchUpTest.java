package io.faultline.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faultline.checkers.stats.BootstrapInterval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints against log replay: a follower restarts holding N entries while the leader holds 2N,
 * once with checkpoints (every 100 entries, the default) and once without. Each node's data
 * directory is written before it starts, as a run of 2N writes would have left it, so that 100k
 * entries cost seconds to prepare rather than 100k fsync'd client writes. The restarted follower's
 * own lines say how long it took to load what it had ({@code checkpoint-loaded}, JVM start included)
 * and then to catch up online ({@code caught-up}: log entries, 64 per append, one append per
 * heartbeat; or the leader's checkpoint). {@code -Dfaultline.catchup.entries=1000,10000,100000}
 * chooses N (1000 by default), {@code -Dfaultline.catchup.samples=K} how many restarts each cell
 * measures (one by default), and writes {@code target/catch-up.md}: per cell, the median and 99th
 * percentile of each time with 95 % bootstrap intervals, and the chart of the medians.
 */
class CatchUpTest {
    private static final long MS = 1_000_000;
    /** Large enough that no node ever writes a checkpoint. */
    private static final String NEVER = "1000000000";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    record Measurement(long entries, boolean checkpoints, long loadedMs, long caughtUpMs, boolean snapshot) {
    }

    @Test
    void aRestartedFollowerCatchesUpWithAndWithoutCheckpoints() throws Exception {
        long[] sizes = Arrays.stream(System.getProperty("faultline.catchup.entries", "1000").split(","))
                .mapToLong(s -> Long.parseLong(s.trim())).toArray();
        int samples = Integer.getInteger("faultline.catchup.samples", 1);
        List<List<Measurement>> cells = new ArrayList<>();
        for (long n : sizes) {
            for (boolean checkpoints : new boolean[] {true, false}) {
                List<Measurement> cell = new ArrayList<>();
                for (int k = 1; k <= samples; k++) {
                    Measurement m = measure(dir.resolve(n + (checkpoints ? "-checkpoints-" : "-log-") + k), n, checkpoints);
                    System.out.println(m);
                    cell.add(m);
                    assertThat(m.snapshot()).as("the leader sends its checkpoint exactly when it has one").isEqualTo(checkpoints);
                }
                cells.add(cell);
            }
        }
        String table = table(cells);
        System.out.print(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/catch-up.md"), table);
        Files.writeString(Path.of("target/catch-up.svg"), CatchUpChart.svg(cells.stream().map(CatchUpTest::median).toList()));
    }

    /** The cell's measurement of median total time (load and catch-up): what the chart draws. */
    static Measurement median(List<Measurement> cell) {
        List<Measurement> sorted = cell.stream()
                .sorted(Comparator.comparingLong(m -> m.loadedMs() + m.caughtUpMs())).toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static Measurement measure(Path dir, long n, boolean checkpoints) throws Exception {
        Files.createDirectories(dir);
        for (String id : TestCluster.IDS) {
            prepare(dir.resolve("data-" + id), id.equals("n3") ? n : 2 * n, checkpoints);
        }
        Map<String, String> settings = Map.of("checkpoint.every", checkpoints ? "100" : NEVER);
        try (TestCluster cluster = TestCluster.start(dir, settings)) {
            // Out before an election can reach it (that takes 2T at least): n3 restarts behind.
            cluster.node("n3").kill();
            cluster.awaitLeader();
            long started = System.nanoTime();
            cluster.node("n3").start();
            await("n3 catching up with " + 2 * n + " entries").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> recovery(cluster, "caught-up", started).isPresent());
            Map<String, String> loaded = recovery(cluster, "checkpoint-loaded", started).orElseThrow();
            Map<String, String> caughtUp = recovery(cluster, "caught-up", started).orElseThrow();
            assertThat(Long.parseLong(loaded.get("last"))).as("n3 replayed what it had").isEqualTo(n);
            assertThat(Long.parseLong(caughtUp.get("index"))).as("n3 applied everything").isGreaterThan(2 * n);
            try (ReferenceClient client = cluster.client()) {
                assertThat(client.read().value()).isEqualTo(2 * n);
            }
            long loadedAt = Long.parseLong(loaded.get("nanos"));
            return new Measurement(n, checkpoints, (loadedAt - started) / MS,
                    (Long.parseLong(caughtUp.get("nanos")) - loadedAt) / MS,
                    recovery(cluster, "snapshot-installed", started).isPresent());
        }
    }

    /**
     * A data directory holding entries 1..{@code last} of term 1 ({@code write=i}): in a checkpoint
     * with an empty log after it, or all in the write-ahead log.
     */
    private static void prepare(Path data, long last, boolean checkpoint) throws Exception {
        Files.createDirectories(data);
        StringBuilder wal = new StringBuilder("term 1 -\n");
        if (checkpoint) {
            Files.writeString(data.resolve(Checkpoints.FILE), "index=" + last + " term=1 value=" + last + "\n");
        } else {
            for (long i = 1; i <= last; i++) {
                wal.append("entry ").append(i).append(" 1:write=").append(i).append('\n');
            }
        }
        Files.writeString(data.resolve(WriteAheadLog.FILE), wal);
    }

    private static Optional<Map<String, String>> recovery(TestCluster cluster, String phase, long since) {
        return cluster.node("n3").lines("FAULTLINE-RECOVERY ").stream().map(TestCluster::fields)
                .filter(f -> f.get("phase").equals(phase) && Long.parseLong(f.get("nanos")) > since)
                .findFirst();
    }

    private static String table(List<List<Measurement>> cells) {
        StringBuilder t = new StringBuilder("| entries held / missed | checkpoints | restarts | start → log loaded: p50 [95 % CI]"
                + " | log loaded → caught up: p50 [95 % CI] | p99 [95 % CI] | how |\n|--:|---|--:|--:|--:|--:|---|\n");
        for (List<Measurement> cell : cells) {
            Measurement m = cell.get(0);
            List<Duration> loaded = cell.stream().map(c -> Duration.ofMillis(c.loadedMs())).toList();
            List<Duration> caughtUp = cell.stream().map(c -> Duration.ofMillis(c.caughtUpMs())).toList();
            t.append(String.format(Locale.ROOT, "| %,d / %,d | %s | %d | %s | %s | %s | %s |%n", m.entries(), m.entries(),
                    m.checkpoints() ? "every 100" : "off", cell.size(), BootstrapInterval.of(loaded, 0.5, 1).describe(),
                    BootstrapInterval.of(caughtUp, 0.5, 1).describe(), BootstrapInterval.of(caughtUp, 0.99, 1).describe(),
                    m.snapshot() ? "leader's checkpoint" : "log entries, 64 per append"));
        }
        return t.toString();
    }
}
