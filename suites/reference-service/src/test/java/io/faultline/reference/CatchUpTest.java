package io.faultline.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * chooses N (1000 by default) and writes {@code target/catch-up.md}.
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
        List<Measurement> results = new ArrayList<>();
        for (long n : sizes) {
            for (boolean checkpoints : new boolean[] {true, false}) {
                Measurement m = measure(dir.resolve(n + (checkpoints ? "-checkpoints" : "-log")), n, checkpoints);
                System.out.println(m);
                results.add(m);
                assertThat(m.snapshot()).as("the leader sends its checkpoint exactly when it has one").isEqualTo(checkpoints);
            }
        }
        String table = table(results);
        System.out.print(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/catch-up.md"), table);
        Files.writeString(Path.of("target/catch-up.svg"), CatchUpChart.svg(results));
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

    private static String table(List<Measurement> results) {
        StringBuilder t = new StringBuilder("| entries held / missed | checkpoints | start → log loaded | log loaded → caught up | how |\n"
                + "|--:|---|--:|--:|---|\n");
        for (Measurement m : results) {
            t.append(String.format("| %,d / %,d | %s | %,d ms | %,d ms | %s |%n", m.entries(), m.entries(),
                    m.checkpoints() ? "every 100" : "off", m.loadedMs(), m.caughtUpMs(),
                    m.snapshot() ? "leader's checkpoint" : "log entries, 64 per append"));
        }
        return t.toString();
    }
}
