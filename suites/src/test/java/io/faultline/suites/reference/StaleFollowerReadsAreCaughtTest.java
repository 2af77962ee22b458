package io.faultline.suites.reference;

import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Schedule;
import io.faultline.harness.Target;
import io.faultline.suites.reference.ReferenceConfig.Bug;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/**
 * {@code bug.stale-follower-reads}: a follower that answers reads from its own copy lags the leader
 * by a round of replication even when all is well, and by everything once it is cut off while the
 * leader and the other follower go on accepting writes. The processes whose home node is that
 * follower read from it (see {@link ReferenceRegisterClient}); each write is of a new value, so each
 * stale read is a counterexample.
 */
class StaleFollowerReadsAreCaughtTest {
    static final long SEED = 2;
    static final String FAULT = "isolate-follower";

    /** A follower cut off for 1.5 s, while some 110 writes reach the leader. */
    static Schedule schedule() {
        return Schedule.builder()
                .warmUp(Duration.ofSeconds(1))
                .faults(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(1500),
                        Nemeses.isolate(Target.follower()))
                .heal()
                .recovery(Duration.ofSeconds(1))
                .finalReads()
                .build();
    }

    @Nested
    class WithTheBug {
        @ChaosCluster
        static final ClusterSpec CLUSTER = ReferenceCluster.of(3, ReferenceConfig.defaults().withBug(Bug.STALE_FOLLOWER_READS));

        @ChaosTest(seed = SEED)
        void staleReadsAreCaught(ChaosRun run) {
            PlantedBugs.assertCaught(run.execute(PlantedBugs.workload(PlantedBugs.THROUGHOUT), schedule()), FAULT);
        }
    }

    @Nested
    class WithoutTheBug {
        @ChaosCluster
        static final ClusterSpec CLUSTER = ReferenceCluster.of(3, ReferenceConfig.defaults());

        @ChaosTest(seed = SEED)
        void theSameScheduleIsLinearizable(ChaosRun run) {
            PlantedBugs.assertPasses(run.execute(PlantedBugs.workload(PlantedBugs.THROUGHOUT), schedule()), FAULT);
        }
    }
}
