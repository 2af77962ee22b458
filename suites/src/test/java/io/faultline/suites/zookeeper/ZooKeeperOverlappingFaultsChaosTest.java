package io.faultline.suites.zookeeper;

import static io.faultline.harness.RunAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Event;
import io.faultline.harness.Fault.Link;
import io.faultline.harness.Nemeses;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import io.faultline.harness.Target;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * Faults that overlap, each undoing only its own effect: zk1 and zk2 are cut apart, zk3 is killed
 * while they are, and zk2 and zk3 are cut apart while the first cut still holds — then each ends on
 * its own, at its own time (zk3's restart may wait for that second cut to heal). The register stays
 * linearizable, and {@code events.jsonl} shows three faults, each with its own end.
 */
@Tag("full")
class ZooKeeperOverlappingFaultsChaosTest {

    @ChaosCluster
    static final ClusterSpec ZK = ZooKeeperCluster.ensemble(3);

    @ChaosTest
    void aKillDuringAPartitionAndTwoPartitionsOfDifferentLinksEachHealOnTheirOwn(ChaosRun run) {
        // one fault a second, each lasting 2.5 s: [0, 2.5] cut zk1-zk2, [1, 3.5] kill zk3, [2, 4.5] cut zk2-zk3
        Schedule schedule = Schedule.builder()
                .warmUp(Duration.ofSeconds(2))
                .faults(Duration.ofMillis(2500), Duration.ofSeconds(1), Duration.ofMillis(2500), Nemeses.inTurn(
                        Nemeses.cut("cut-zk1-zk2", new Link("zk1", "zk2"), new Link("zk2", "zk1")),
                        Nemeses.kill(Target.nodes("zk3")),
                        Nemeses.cut("cut-zk2-zk3", new Link("zk2", "zk3"), new Link("zk3", "zk2"))))
                .recovery(Duration.ofSeconds(4))
                .finalReads()
                .build();

        RunResult result = run.execute(ZooKeeperCasRegisterChaosTest.casRegister(ZkCasRegisterClient.factory()), schedule);

        List<String> faults = result.events().stream().filter(e -> e.type().startsWith("fault-"))
                .map(ZooKeeperOverlappingFaultsChaosTest::describe).toList();
        // each fault ends on its own: zk3's restart may wait for the cut to zk2 to heal, so ends may come in any order
        assertThat(faults.subList(0, 3)).as("fault events in %s", result.directory()).containsExactly(
                "fault-start 1 cut-zk1-zk2 cut", "fault-start 2 kill-zk3 stopped", "fault-start 3 cut-zk2-zk3 cut");
        assertThat(faults.subList(3, faults.size())).as("fault events in %s", result.directory()).containsExactlyInAnyOrder(
                "fault-end 1 cut-zk1-zk2 cut", "fault-end 2 kill-zk3 stopped", "fault-end 3 cut-zk2-zk3 cut");
        assertThat(result).isLinearizable(CasRegister.casRegister(0L));
    }

    private static String describe(Event e) {
        return e.type() + " " + e.fields().get("id") + " " + e.fields().get("kind") + " " + e.fields().get("effect");
    }
}
