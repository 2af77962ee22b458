package io.faultline.suites.ratis;

import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Schedule;
import io.faultline.harness.Workload;
import io.faultline.suites.Anomalies;
import io.faultline.suites.workload.UniqueWrites;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/**
 * Apache Ratis 3.3.0 documents its {@code DEFAULT} read option as possibly not linearizable: the
 * leader answers a read from its state machine without first confirming, by a round of heartbeats,
 * that it still leads. {@code LINEARIZABLE} runs ReadIndex (Raft thesis §6.4) first. Here the leader
 * is cut off from both followers while its clients still reach it. The followers elect a new leader
 * after 300–900 ms without its heartbeats and go on committing writes; the old one goes on leading
 * until 900 ms pass without answers from a majority ({@code LeaderStateImpl.checkLeadership}), and
 * under {@code DEFAULT} answers reads meanwhile. Every write is of a fresh value, so a read of an
 * older value after a newer write was acknowledged is a counterexample.
 *
 * <p>Six processes, each reading at its home server only ({@link RatisRegisterClient}), writing
 * through whichever server leads.
 */
class RatisReadsTest {
    static final long SEED = 3;
    static final String FAULT = "isolate-leader";

    /** The leader cut off for 2.5 s, four times. */
    static Schedule schedule() {
        return Schedule.builder()
                .warmUp(Duration.ofSeconds(2))
                .faults(Duration.ofSeconds(16), Duration.ofSeconds(4), Duration.ofMillis(2500), Nemeses.isolateLeader())
                .heal()
                .recovery(Duration.ofSeconds(3))
                .finalReads()
                .build();
    }

    static Workload workload() {
        return Workload.of(RatisRegisterClient.factory(), UniqueWrites.readingPercent(50))
                .withProcesses(6)
                .withRate(150)
                .withOpTimeout(Duration.ofSeconds(3))
                .withFinalRead(UniqueWrites.FINAL_READ);
    }

    @Nested
    class DefaultReads {
        @ChaosCluster
        static final ClusterSpec RATIS = RatisCluster.group(3, RatisConfig.defaultReads());

        @ChaosTest(seed = SEED)
        void aCutOffLeaderServesStaleReads(ChaosRun run) {
            Anomalies.assertCaught(run.execute(workload(), schedule()), CasRegister.casRegister(0L),
                    "a stale read from the cut-off leader", FAULT);
        }
    }

    @Nested
    class LinearizableReads {
        @ChaosCluster
        static final ClusterSpec RATIS = RatisCluster.group(3, RatisConfig.linearizable());

        @ChaosTest(seed = SEED)
        void theSameScheduleIsLinearizable(ChaosRun run) {
            Anomalies.assertLinearizable(run.execute(workload(), schedule()), CasRegister.casRegister(0L), FAULT);
        }
    }
}
