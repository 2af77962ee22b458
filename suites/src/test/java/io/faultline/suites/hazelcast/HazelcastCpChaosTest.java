package io.faultline.suites.hazelcast;

import static io.faultline.harness.RunAssert.assertThat;

import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Workload;
import io.faultline.suites.hazelcast.HazelcastConfig.Settings;
import io.faultline.suites.CasRegisterMix;
import java.time.Duration;

/**
 * The CP Subsystem with three CP members: an IAtomicLong used as a compare-and-set register stays
 * linearizable while members are paused and partitioned (Raft: a minority side cannot commit).
 */
class HazelcastCpChaosTest {

    @ChaosCluster
    static final ClusterSpec HZ = HazelcastCluster.members(3, Settings.defaults().withCpMembers(3));

    @ChaosTest
    void cpAtomicLongStaysLinearizableThroughPausesAndPartitions(ChaosRun run) {
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofSeconds(3))
                .faults(Duration.ofSeconds(24), Duration.ofSeconds(6), Duration.ofSeconds(4),
                        Nemeses.pause(), Nemeses.partitionRandomHalves(), Nemeses.isolateOne())
                .heal()
                .recovery(Duration.ofSeconds(5))
                .finalReads()
                .build();

        RunResult result = run.execute(casRegister(), schedule);

        assertThat(result).isLinearizable(CasRegister.casRegister(0L));
    }

    /** Jepsen's cas-register mix from five processes, open-loop at 100 operations a second. */
    static Workload casRegister() {
        return Workload.of(HazelcastCasRegisterClient.factory(), new CasRegisterMix())
                .withProcesses(5)
                .withRate(100)
                .withFinalRead(CasRegisterMix.FINAL_READ);
    }
}
