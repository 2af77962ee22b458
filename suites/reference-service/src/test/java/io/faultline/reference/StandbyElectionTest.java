package io.faultline.reference;

import static io.faultline.reference.ReplicationTest.awaitApplied;
import static io.faultline.reference.ReplicationTest.readEventually;
import static io.faultline.reference.ReplicationTest.writeAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A voter and the standby, left alone by the other voter's failure, elect a leader — whichever of the
 * two holds every committed entry. Both scenarios restart the standby, so that it follows no leader
 * whose failure it could notice; the recovery matrix found the cluster without a leader for a minute
 * here, when the standby neither voted nor, after a restart, stood.
 */
class StandbyElectionTest {
    static final Map<String, String> STANDBY = Map.of("recovery", "standby");
    static final Map<String, Map<String, String>> N3_STANDS_BY = Map.of("n3", Map.of("standby", "true"));

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void theSurvivingVoterWinsWithTheRestartedStandbysVote() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, STANDBY, N3_STANDS_BY)) {
            String leader = cluster.awaitLeader();
            String voter = otherVoter(leader);
            try (ReferenceClient client = cluster.client()) {
                writeAll(client, 1, 3);
                awaitApplied(cluster, "n3", leader);
                cluster.node("n3").kill();
                writeAll(client, 4, 6); // committed by the two voters: the standby's log is now behind
                cluster.node(leader).kill();
                cluster.node("n3").start();

                assertThat(cluster.awaitLeader()).as("only the voter holds every committed entry").isEqualTo(voter);
                assertThat(readEventually(client)).isEqualTo(6);
            }
        }
    }

    @Test
    void theRestartedStandbyStandsWhenOnlyItHoldsEveryCommittedEntry() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, STANDBY, N3_STANDS_BY)) {
            String leader = cluster.awaitLeader();
            String voter = otherVoter(leader);
            try (ReferenceClient client = cluster.client()) {
                writeAll(client, 1, 3);
                awaitApplied(cluster, voter, leader);
                cluster.cutOneWay(leader, voter);
                writeAll(client, 4, 6); // committed by the leader and the standby: the voter's log is now behind
                awaitApplied(cluster, "n3", leader);
                cluster.node(leader).kill();
                cluster.node("n3").kill();
                cluster.healAll();
                cluster.node("n3").start();

                assertThat(cluster.awaitLeader()).as("only the standby holds every committed entry").isEqualTo("n3");
                assertThat(readEventually(client)).isEqualTo(6);
            }
        }
    }

    private static String otherVoter(String leader) {
        assertThat(leader).as("the voters elect the first leader").isNotEqualTo("n3");
        return leader.equals("n1") ? "n2" : "n1";
    }
}
