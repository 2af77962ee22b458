package io.faultline.suites.zookeeper;

import io.faultline.suites.CasRegisterMix;

import static io.faultline.harness.RunAssert.assertThat;

import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.Client;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Workload;
import java.time.Duration;

/**
 * A three-server ZooKeeper ensemble holds a compare-and-set register that stays linearizable while
 * servers are killed, paused and partitioned, the leader included.
 */
class ZooKeeperCasRegisterChaosTest {

    @ChaosCluster
    static final ClusterSpec ZK = ZooKeeperCluster.ensemble(3);

    @ChaosTest
    void casRegisterStaysLinearizableThroughKillsPausesAndPartitions(ChaosRun run) {
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofSeconds(3))
                .faults(Duration.ofSeconds(20), Duration.ofSeconds(4), Duration.ofSeconds(2),
                        Nemeses.kill(), Nemeses.pause(), Nemeses.partitionRandomHalves(), Nemeses.isolateLeader())
                .heal()
                .recovery(Duration.ofSeconds(5))
                .finalReads()
                .build();

        RunResult result = run.execute(casRegister(ZkCasRegisterClient.factory()), schedule);

        assertThat(result).isLinearizable(CasRegister.casRegister(0L));
    }

    /**
     * Five processes of Jepsen's cas-register mix, each ending with a read. 200 operations a second
     * still puts one every 5 ms into every fault window; closed-loop would be ~2,500 a second here,
     * 25 MB of history a run, and two CPU cores busy enough to blur ZooKeeper's 200 ms ticks.
     */
    static Workload casRegister(Client.Factory clients) {
        return Workload.of(clients, new CasRegisterMix())
                .withProcesses(5)
                .withRate(200)
                .withFinalRead(CasRegisterMix.FINAL_READ);
    }
}
