package io.faultline.suites.jgroupsraft;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Schedule;
import io.faultline.harness.Target;
import io.faultline.suites.Hunt;
import io.faultline.suites.Leaders;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hunts a report from a hand-made trial: a jgroups-raft member restarted after kill -9 served a stale
 * counter (75 where the cluster had 363), and its log did not catch up, in 5 of 5 runs. Here the log
 * is durable ({@code log_use_fsync=true}, FileBasedLog in the node's data directory, which survives the
 * restart), dirty reads are on (the counter service's default, so a member answers from its own
 * copy), a follower is killed for 2 s and restarted four times, and after 5 s without faults every
 * process reads once more at its member. A restarted member that lags for a moment is what dirty reads
 * allow; one whose final read, 5 s after the last fault, is still old has not caught up. Each run's
 * counterexample (if any) names the read; the run directory has every member's log.
 *
 * <pre>
 * mvn verify -Pchaos,chaos-soak -pl suites -am -Dtest=JGroupsRaftRestartHuntTest -Dsurefire.failIfNoSpecifiedTests=false -Dfaultline.hunt.runs=5
 * </pre>
 */
@Tag("chaos")
@Tag("soak")
class JGroupsRaftRestartHuntTest {

    @Test
    void aRestartedMemberCatchesUp() throws Exception {
        Hunt hunt = new Hunt("jgroups-raft-restart", "JGroupsRaftRestartHuntTest#aRestartedMemberCatchesUp",
                JGroupsRaftCluster.group(3, new JGroupsRaftConfig(true, true)),
                JGroupsRaftReadsTest::workload,
                () -> Schedule.builder()
                        .warmUp(Duration.ofSeconds(3))
                        .faults(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(2),
                                Leaders.first(Nemeses.kill(Target.follower())))
                        .heal()
                        .recovery(Duration.ofSeconds(5))
                        .finalReads()
                        .build(),
                CasRegister.casRegister(0L));
        assertThat(hunt.run(JGroupsRaftReadsTest.SEED, 3, "kill-follower")).isNotEmpty();
    }
}
