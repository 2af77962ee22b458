package io.faultline.reference;

import static io.faultline.reference.ReplicationTest.awaitApplied;
import static io.faultline.reference.ReplicationTest.ok;
import static io.faultline.reference.ReplicationTest.readEventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each planted bug, switched on, shows its anomaly in a deterministic scenario; switched off, the same
 * scenario stays linearizable. The anomalies are what a checker must catch: an acknowledged write
 * that a later read does not see.
 */
class PlantedBugTest {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @ParameterizedTest(name = "bug.ack-before-replicate={0}")
    @ValueSource(booleans = {true, false})
    void ackBeforeReplicateLosesAnAcknowledgedWriteWhenTheIsolatedLeaderDies(boolean bug) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, Map.of("bug.ack-before-replicate", Boolean.toString(bug)))) {
            String leader = cluster.awaitLeader();
            List<String> followers = others(leader);
            try (ReferenceClient client = cluster.client()) {
                assertThat(client.write(1)).isEqualTo(ok(1));
            }
            // With the bug the leader acknowledges before replicating: wait until the followers have
            // the first write, so that only the second one can be lost.
            for (String follower : followers) {
                awaitApplied(cluster, follower, leader);
            }
            cluster.isolate(leader);
            ReferenceClient.Reply write;
            try (ReferenceClient toLeader = cluster.client(leader)) {
                write = toLeader.write(2);
            }
            cluster.node(leader).kill();
            cluster.healAll();
            cluster.awaitLeader();
            long read;
            try (ReferenceClient survivors = cluster.client(followers.toArray(String[]::new))) {
                read = readEventually(survivors);
            }

            assertThat(read).as("only the old leader ever had the write of 2").isEqualTo(1);
            if (bug) {
                assertThat(write).as("acknowledged, then lost: not linearizable").isEqualTo(ok(2));
            } else {
                assertThat(write.outcome()).as("never acknowledged: %s", write).isNotEqualTo(ReferenceClient.Outcome.OK);
            }
        }
    }

    @ParameterizedTest(name = "bug.stale-follower-reads={0}")
    @ValueSource(booleans = {true, false})
    void staleFollowerReadsMissAnAcknowledgedWrite(boolean bug) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, Map.of("bug.stale-follower-reads", Boolean.toString(bug)))) {
            String leader = cluster.awaitLeader();
            String follower = others(leader).get(0);
            try (ReferenceClient client = cluster.client()) {
                assertThat(client.write(1)).isEqualTo(ok(1));
                awaitApplied(cluster, follower, leader);
                cluster.isolate(follower);
                assertThat(client.write(2)).isEqualTo(ok(2));
            }
            ReferenceClient.Reply read;
            try (ReferenceClient toFollower = cluster.client(follower)) {
                read = toFollower.read();
            }

            if (bug) {
                assertThat(read).as("a read after the acknowledged write of 2 saw 1: not linearizable").isEqualTo(ok(1));
            } else {
                assertThat(read.outcome()).as("the follower redirects, and the leader is not in this client's list: %s", read)
                        .isEqualTo(ReferenceClient.Outcome.FAIL);
            }
        }
    }

    @ParameterizedTest(name = "bug.promote-without-quorum={0}")
    @ValueSource(booleans = {true, false})
    void promoteWithoutQuorumLetsACutOffStandbyOverwriteAnAcknowledgedWrite(boolean bug) throws Exception {
        Map<String, String> settings = Map.of("recovery", "standby", "bug.promote-without-quorum", Boolean.toString(bug));
        try (TestCluster cluster = TestCluster.start(dir, settings, Map.of("n3", Map.of("standby", "true")))) {
            String leader = cluster.awaitLeader();
            assertThat(leader).as("a standby never stands while the leader is healthy").isNotEqualTo("n3");
            String voter = others(leader).stream().filter(id -> !id.equals("n3")).findFirst().orElseThrow();
            try (ReferenceClient client = cluster.client(leader, voter)) {
                assertThat(client.write(1)).isEqualTo(ok(1));
                awaitApplied(cluster, "n3", leader);
                long cut = System.nanoTime();
                cluster.cut(leader, "n3"); // the leader is alive and still reaches the voter
                assertThat(client.write(2)).isEqualTo(ok(2));
                await("n3 suspecting " + leader).atMost(Duration.ofSeconds(10)).until(() -> cluster.detections().stream()
                        .anyMatch(d -> d.observer().equals("n3") && d.peer().equals(leader) && d.state().equals("suspect")
                                && d.nanos() > cut));

                if (bug) {
                    await("n3 promoting itself").atMost(Duration.ofSeconds(10))
                            .until(() -> cluster.node("n3").members().role().equals("leader"));
                    try (ReferenceClient toStandby = cluster.client("n3")) {
                        assertThat(toStandby.read()).as("the acknowledged write of 2 is gone: not linearizable").isEqualTo(ok(1));
                    }
                } else {
                    Thread.sleep(2000); // several election attempts by n3, all refused
                    assertThat(cluster.node("n3").members().role()).as("n3 keeps trying, and keeps failing").isNotEqualTo("leader");
                    assertThat(client.read()).isEqualTo(ok(2));
                }
            }
        }
    }

    private static List<String> others(String id) {
        return TestCluster.IDS.stream().filter(other -> !other.equals(id)).toList();
    }
}
