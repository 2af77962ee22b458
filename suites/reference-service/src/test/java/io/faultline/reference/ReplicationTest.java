package io.faultline.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Three nodes as child JVMs: election, replication, failover after kill -9 (to a voter or the standby), and recovery after a restart. */
class ReplicationTest {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aWriteIsReadableFromANewClient() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, Map.of())) {
            cluster.awaitLeader();
            try (ReferenceClient writer = cluster.client()) {
                assertThat(writer.write(7)).isEqualTo(ok(7));
                assertThat(writer.cas(7, 8)).isEqualTo(ok(8));
                assertThat(writer.cas(7, 9).outcome()).isEqualTo(ReferenceClient.Outcome.FAIL);
            }
            // Listed in another order, so that this client starts at a different node and must be redirected.
            try (ReferenceClient reader = cluster.client("n3", "n2", "n1")) {
                assertThat(reader.read()).isEqualTo(ok(8));
            }
        }
    }

    @Test
    void theClusterElectsOneLeaderThatEveryNodeFollows() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, Map.of())) {
            String leader = cluster.awaitLeader();
            for (String id : TestCluster.IDS) {
                ReferenceClient.Members view = cluster.node(id).members();
                assertThat(view.leader()).as("the leader according to %s", id).isEqualTo(leader);
                assertThat(view.role()).isEqualTo(id.equals(leader) ? "leader" : "follower");
            }
        }
    }

    @Test
    void killingTheLeaderElectsAnotherThatKeepsEveryAcknowledgedWrite() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, Map.of("checkpoint.every", "7"))) {
            String first = cluster.awaitLeader();
            try (ReferenceClient client = cluster.client()) {
                for (int v = 1; v <= 20; v++) {
                    assertThat(client.write(v)).isEqualTo(ok(v));
                }
                cluster.node(first).kill();
                String second = cluster.awaitLeader();
                assertThat(second).isNotEqualTo(first);
                assertThat(readEventually(client)).isEqualTo(20);
                assertThat(client.cas(20, 21)).isEqualTo(ok(21));
            }
        }
    }

    @ParameterizedTest(name = "recovery={0}")
    @ValueSource(strings = {"standby", "hybrid"})
    void theStandbyTakesOverWhenTheLeaderDiesAndTheRestartedLeaderFollowsIt(String recovery) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, Map.of("recovery", recovery), Map.of("n3", Map.of("standby", "true")))) {
            String first = cluster.awaitLeader();
            assertThat(first).as("the standby does not stand while the leader is healthy").isNotEqualTo("n3");
            assertThat(cluster.node("n3").members().role()).isEqualTo("standby");
            try (ReferenceClient client = cluster.client()) {
                writeAll(client, 1, 5);
                cluster.node(first).kill();
                // The standby stands within T/4 of suspecting the leader; the surviving voter only through its
                // 2T-3T safety net (standby), or T later than the standby (hybrid).
                assertThat(cluster.awaitLeader()).isEqualTo("n3");
                assertThat(readEventually(client)).isEqualTo(5);
                assertThat(client.write(6)).isEqualTo(ok(6));

                int caughtUpBefore = recoveries(cluster, first, "caught-up").size();
                cluster.node(first).start();
                awaitRecovery(cluster, first, "caught-up", caughtUpBefore + 1);
                cluster.awaitLeader();
                assertThat(readEventually(client)).isEqualTo(6);
            }
        }
    }

    @Test
    void aRestartedNodeRecoversFromItsCheckpointAndLogThenCatchesUpWithLogEntries() throws Exception {
        // 12 writes: every node checkpoints once, at entry 10; 3 more do not make the leader checkpoint again.
        try (TestCluster cluster = TestCluster.start(dir, Map.of("checkpoint.every", "10"))) {
            String leader = cluster.awaitLeader();
            String follower = TestCluster.IDS.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            try (ReferenceClient client = cluster.client()) {
                writeAll(client, 1, 12);
                awaitApplied(cluster, follower, leader);
                cluster.node(follower).kill();
                writeAll(client, 13, 15);
                int caughtUpBefore = recoveries(cluster, follower, "caught-up").size();
                cluster.node(follower).start();

                Map<String, String> loaded = awaitRecovery(cluster, follower, "checkpoint-loaded", 2);
                assertThat(Long.parseLong(loaded.get("checkpoint"))).as("checkpoint index").isPositive();
                assertThat(Long.parseLong(loaded.get("last"))).as("last index from the WAL")
                        .isGreaterThanOrEqualTo(Long.parseLong(loaded.get("checkpoint")));
                Map<String, String> caughtUp = awaitRecovery(cluster, follower, "caught-up", caughtUpBefore + 1);
                assertThat(Long.parseLong(caughtUp.get("index"))).isGreaterThanOrEqualTo(15);
                assertThat(cluster.node(follower).lines("FAULTLINE-RECOVERY node=" + follower + " phase=snapshot-installed"))
                        .as("a few entries behind: the leader's log is enough").isEmpty();
            }
        }
    }

    @Test
    void aNodeFarBehindCatchesUpFromTheLeadersCheckpoint() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, Map.of("checkpoint.every", "5"))) {
            String leader = cluster.awaitLeader();
            String follower = TestCluster.IDS.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            try (ReferenceClient client = cluster.client()) {
                writeAll(client, 1, 3);
                awaitApplied(cluster, follower, leader);
                cluster.node(follower).kill();
                writeAll(client, 4, 30); // the leader checkpoints past everything the follower has
                int caughtUpBefore = recoveries(cluster, follower, "caught-up").size();
                cluster.node(follower).start();

                awaitRecovery(cluster, follower, "snapshot-installed", 1);
                Map<String, String> caughtUp = awaitRecovery(cluster, follower, "caught-up", caughtUpBefore + 1);
                assertThat(Long.parseLong(caughtUp.get("index"))).isGreaterThanOrEqualTo(30);
            }
        }
    }

    static ReferenceClient.Reply ok(long value) {
        return new ReferenceClient.Reply(ReferenceClient.Outcome.OK, value, "");
    }

    /**
     * Writes each value until it is acknowledged. On a loaded machine a heartbeat can arrive late
     * enough to start an election mid-test, and the write in flight then fails with "leadership
     * lost"; what these tests check is catch-up, not that no election happens, so the value is
     * written again, as a client would.
     */
    static void writeAll(ReferenceClient client, int from, int to) {
        for (int v = from; v <= to; v++) {
            int value = v;
            ReferenceClient.Reply[] last = new ReferenceClient.Reply[1];
            await("write of " + value + " acknowledged").atMost(20, TimeUnit.SECONDS)
                    .until(() -> (last[0] = client.write(value)).isOk());
            assertThat(last[0]).isEqualTo(ok(value));
        }
    }

    /** Reads until a read succeeds: right after a failover, the first attempts may find no leader yet. */
    static long readEventually(ReferenceClient client) {
        long[] value = new long[1];
        await("a successful read").atMost(20, TimeUnit.SECONDS).until(() -> {
            ReferenceClient.Reply r = client.read();
            value[0] = r.value();
            return r.isOk();
        });
        return value[0];
    }

    /** The {@code FAULTLINE-RECOVERY} lines of that phase that {@code id} has logged, across restarts. */
    static List<String> recoveries(TestCluster cluster, String id, String phase) {
        return cluster.node(id).lines("FAULTLINE-RECOVERY node=" + id + " phase=" + phase + " ");
    }

    /**
     * Waits until {@code id} has logged its {@code count}-th line of that recovery phase, and returns its
     * fields. (A node logs caught-up once per process, and only as a follower.)
     */
    static Map<String, String> awaitRecovery(TestCluster cluster, String id, String phase, int count) {
        await(id + " logging phase=" + phase + " " + count + " time(s)").atMost(20, TimeUnit.SECONDS)
                .until(() -> recoveries(cluster, id, phase).size() >= count);
        return TestCluster.fields(recoveries(cluster, id, phase).get(count - 1));
    }

    /** Waits until {@code follower} has applied everything {@code leader} has. */
    static void awaitApplied(TestCluster cluster, String follower, String leader) throws Exception {
        long target = cluster.node(leader).members().applied();
        await(follower + " applying up to entry " + target).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.node(follower).members().applied() >= target);
    }
}
