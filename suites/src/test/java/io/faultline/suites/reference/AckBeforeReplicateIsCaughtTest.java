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
 * {@code bug.ack-before-replicate}: a leader that acknowledges writes its followers never received
 * loses them when it dies. Cut the leader off while clients still reach it, kill it once it has
 * stepped down: the other two elect a leader that never saw what it acknowledged.
 */
@Tag("full")
class AckBeforeReplicateIsCaughtTest {
    static final long SEED = 1;
    static final String FAULT = "isolate-leader-then-kill";

    /**
     * The leader is cut off, and clients write through it for 200 ms — with the bug it acknowledges
     * each write once its own log has it — then only read. Check-quorum makes it step down one timeout
     * (600 ms) after it last heard from a majority; it is killed at 800 ms, and the other two elect a
     * leader that never saw those writes, which serves the reads until the fault ends at 2 s.
     */
    static Schedule schedule() {
        return Schedule.builder()
                .warmUp(Duration.ofSeconds(1))
                .faults(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2),
                        ReferenceNemeses.isolateLeaderThenKill(Duration.ofMillis(800)))
                .heal()
                .recovery(Duration.ofSeconds(1))
                .finalReads()
                .build();
    }

    @Nested
    class WithTheBug {
        @ChaosCluster
        static final ClusterSpec CLUSTER = ReferenceCluster.of(3, ReferenceConfig.defaults().withBug(Bug.ACK_BEFORE_REPLICATE));

        @ChaosTest(seed = SEED)
        void lostAcknowledgedWritesAreCaught(ChaosRun run) {
            PlantedBugs.assertCaught(run.execute(PlantedBugs.workload(Duration.ofMillis(200)), schedule()), FAULT);
        }
    }

    @Nested
    class WithoutTheBug {
        @ChaosCluster
        static final ClusterSpec CLUSTER = ReferenceCluster.of(3, ReferenceConfig.defaults());

        @ChaosTest(seed = SEED)
        void theSameScheduleIsLinearizable(ChaosRun run) {
            PlantedBugs.assertPasses(run.execute(PlantedBugs.workload(Duration.ofMillis(200)), schedule()), FAULT);
        }
    }
}
