package io.faultline.suites.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Schedule;
import io.faultline.suites.Hunt;
import io.faultline.suites.zookeeper.ZkCasRegisterClient.Reads;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hunts ZooKeeper's synced stale read: {@code sync} then {@code getData} returning a value older than
 * one already acknowledged. ZooKeeper says {@code sync} is no quorum operation (ZOOKEEPER-1675, open
 * in 3.9.5), so a server whose leader no longer leads may answer it stale; a CI run of the
 * cas-register suite with synced reads saw one (seed 795488561, Docker backend: a read of 2 at 13.39 s
 * after writes of 4, 1 and 3, a partition of zk3 healed at 11.78 s). Each scenario runs
 * {@code faultline.hunt.runs} times and writes its seeds and verdicts to
 * {@code target/faultline/hunts/}; README's Findings quote the figures.
 *
 * <pre>
 * mvn verify -Pchaos,chaos-soak -pl suites -am -Dtest=ZooKeeperSyncedReadHuntTest -Dsurefire.failIfNoSpecifiedTests=false -Dfaultline.hunt.runs=10
 * </pre>
 */
@Tag("chaos")
@Tag("soak")
class ZooKeeperSyncedReadHuntTest {

    /** The CI run's scenario: the cas-register suite's schedule and workload, with synced reads, from its seed on. */
    @Test
    void syncedReadsUnderTheCasRegisterSchedule() throws Exception {
        Hunt hunt = new Hunt("zookeeper-synced-cas-register", "ZooKeeperSyncedReadHuntTest#syncedReadsUnderTheCasRegisterSchedule",
                ZooKeeperCluster.ensemble(3),
                () -> ZooKeeperCasRegisterChaosTest.casRegister(ZkCasRegisterClient.factory(Reads.SYNCED)),
                () -> Schedule.builder()
                        .warmUp(Duration.ofSeconds(3))
                        .faults(Duration.ofSeconds(20), Duration.ofSeconds(4), Duration.ofSeconds(2),
                                Nemeses.kill(), Nemeses.pause(), Nemeses.partitionRandomHalves(), Nemeses.isolateLeader())
                        .heal()
                        .recovery(Duration.ofSeconds(5))
                        .finalReads()
                        .build(),
                CasRegister.casRegister(0L));
        assertThat(hunt.run(795488561L, 5, null)).isNotEmpty();
    }

    /** Synced reads pinned to a follower that is cut off while its clients still reach it (as {@link ZooKeeperStaleReadsTest}). */
    @Test
    void syncedReadsThroughACutOffFollower() throws Exception {
        Hunt hunt = ZooKeeperStaleReadsTest.CUT_FOLLOWER.withClients(ZkCasRegisterClient.pinned(Reads.SYNCED))
                .hunt("zookeeper-synced-cut-follower", "ZooKeeperSyncedReadHuntTest#syncedReadsThroughACutOffFollower",
                        ZooKeeperCluster.ensemble(3));
        assertThat(hunt.run(ZooKeeperStaleReadsTest.SEED, 5, ZooKeeperStaleReadsTest.FAULT)).isNotEmpty();
    }
}
