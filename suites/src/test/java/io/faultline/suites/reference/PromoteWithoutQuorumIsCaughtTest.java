package io.faultline.suites.reference;

import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Schedule;
import io.faultline.suites.reference.ReferenceConfig.Bug;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * {@code bug.promote-without-quorum}: a standby that takes its suspicion of the leader for proof of
 * death promotes itself without votes. Cut only the links between the leader and the standby: the
 * leader goes on committing with the other voter, the standby promotes itself with its shorter log,
 * and the voter follows the newer term, giving up writes the old leader acknowledged.
 */
@Tag("full")
class PromoteWithoutQuorumIsCaughtTest {
    static final long SEED = 3;
    static final String STANDBY = "n3";
    static final String FAULT = "partition-leader-standby";
    static final ReferenceConfig CORRECT = ReferenceConfig.defaults().withStandby(STANDBY);

    /**
     * The links between the leader and the standby are cut for 2 s, and clients write for the first
     * 200 ms — the leader commits with the other voter — then only read. The standby suspects the
     * leader some 600 ms after the cut; with the bug it promotes itself within 150 ms more, the voter
     * follows its newer term, and the reads they then serve miss those writes.
     */
    static Schedule schedule() {
        return Schedule.builder()
                .warmUp(Duration.ofSeconds(1))
                .faults(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2),
                        ReferenceNemeses.cutLeaderFromStandby(STANDBY))
                .heal()
                .recovery(Duration.ofSeconds(1))
                .finalReads()
                .build();
    }

    @Nested
    class WithTheBug {
        @ChaosCluster
        static final ClusterSpec CLUSTER = ReferenceCluster.of(3, CORRECT.withBug(Bug.PROMOTE_WITHOUT_QUORUM));

        @ChaosTest(seed = SEED)
        void overwrittenAcknowledgedWritesAreCaught(ChaosRun run) {
            PlantedBugs.assertCaught(run.execute(PlantedBugs.workload(Duration.ofMillis(200)), schedule()), FAULT);
        }
    }

    @Nested
    class WithoutTheBug {
        @ChaosCluster
        static final ClusterSpec CLUSTER = ReferenceCluster.of(3, CORRECT);

        @ChaosTest(seed = SEED)
        void theSameScheduleIsLinearizable(ChaosRun run) {
            PlantedBugs.assertPasses(run.execute(PlantedBugs.workload(Duration.ofMillis(200)), schedule()), FAULT);
        }
    }
}
