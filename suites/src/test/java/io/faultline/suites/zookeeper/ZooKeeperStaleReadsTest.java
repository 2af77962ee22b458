package io.faultline.suites.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Target;
import io.faultline.suites.ReadScenario;
import io.faultline.suites.zookeeper.ZkCasRegisterClient.Reads;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ZooKeeper serves reads from the server a client is connected to, and documents that this may be
 * stale ("ZooKeeper does not guarantee that at every instance in time, two different clients will
 * have identical views"); {@code sync} is no quorum operation either (ZOOKEEPER-1675, open in 3.9.5).
 * Here a follower is cut off from the leader and the other follower while its own clients still
 * reach it: for syncLimit × tickTime (1 s) it does not know, and keeps answering from its copy,
 * while the leader and the other follower go on committing writes. Every write is of a fresh value,
 * so a read of an older one after a newer write was acknowledged is a counterexample.
 *
 * <p>Six processes, two per server, each pinned to its server ({@link ZkCasRegisterClient#pinned}): on
 * each, one that only reads and one that only writes (a write through the cut-off follower waits until
 * it gives up, and a process that mixed both would wait with it instead of reading).
 * Plain reads are caught; quorum reads (a conditional write of the value read) stay linearizable
 * under the same schedule. Synced reads through a cut follower are hunted in
 * {@link ZooKeeperSyncedReadHuntTest}: the sync is forwarded over the cut link, so it waits, and
 * fails once the follower gives up on its leader.
 */
class ZooKeeperStaleReadsTest {
    static final long SEED = 12;
    static final String FAULT = "isolate-follower";
    /** A follower cut off for 2 s, three times; some 70 writes a second reach the leader meanwhile. */
    static final ReadScenario CUT_FOLLOWER = ReadScenario.of(ZkCasRegisterClient.pinned(Reads.LOCAL))
            .withRate(200)
            .withOpTimeout(Duration.ofSeconds(3))
            .withFaults(Duration.ofSeconds(12), Duration.ofSeconds(4), Duration.ofSeconds(2), Nemeses.isolate(Target.follower()))
            .withRecovery(Duration.ofSeconds(2));

    /** At most 3 runs until a stale local read is caught (each of 4 runs so far caught one in its first). */
    @Test
    @Tag("chaos")
    void localReadsFromACutOffFollowerAreCaught() throws Exception {
        assertThat(CUT_FOLLOWER.hunt("zookeeper-local-reads", "ZooKeeperStaleReadsTest#localReadsFromACutOffFollowerAreCaught",
                        ZooKeeperCluster.ensemble(3))
                .expectCaught("a stale read from the cut-off follower", SEED, 3, FAULT).caught()).isTrue();
    }

    @Nested
    @Tag("full")
    class QuorumReads {
        @ChaosCluster
        static final ClusterSpec ZK = ZooKeeperCluster.ensemble(3);

        @ChaosTest(seed = SEED)
        void theSameScheduleIsLinearizable(ChaosRun run) {
            CUT_FOLLOWER.withClients(ZkCasRegisterClient.pinned(Reads.QUORUM)).assertLinearizable(run, FAULT);
        }
    }
}
