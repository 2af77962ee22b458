package io.faultline.suites.jgroupsraft;

import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Schedule;
import io.faultline.harness.Target;
import io.faultline.harness.Workload;
import io.faultline.suites.Anomalies;
import io.faultline.suites.Leaders;
import io.faultline.suites.workload.UniqueWrites;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * jgroups-raft 1.1.4's replicated counter, used as a register, read through each member. With
 * {@code allow_dirty_reads=true} — the counter service's default — a member answers a read from its
 * own copy, so a follower cut off from the others answers with what it had while the majority goes
 * on writing: caught. With dirty reads off, a read goes through the log like a write, and the register
 * stays linearizable through kills, pauses and partitions of leader and followers.
 *
 * <p>Six processes, each talking to one member only ({@link JGroupsRaftRegisterClient}): on each member
 * one that only reads and one that only writes fresh values.
 */
// soak until ReadsThroughTheLog has passed here: its first run was too large for the checker's memory (see README)
@Tag("soak")
class JGroupsRaftReadsTest {
    static final long SEED = 5;

    static Workload workload() {
        return Workload.of(JGroupsRaftRegisterClient.pinned(), UniqueWrites.readersAndWriters(6, 3))
                .withProcesses(6)
                .withRate(60)
                .withOpTimeout(Duration.ofSeconds(4))
                .withFinalRead(UniqueWrites.FINAL_READ);
    }

    @Nested
    class DirtyReads {
        @ChaosCluster
        static final ClusterSpec RAFT = JGroupsRaftCluster.group(3, JGroupsRaftConfig.defaults());

        @ChaosTest(seed = SEED)
        void aCutOffFollowerServesStaleReads(ChaosRun run) {
            Schedule schedule = Schedule.builder()
                    .warmUp(Duration.ofSeconds(2))
                    .faults(Duration.ofSeconds(12), Duration.ofSeconds(4), Duration.ofMillis(2500),
                            Leaders.first(Nemeses.isolate(Target.follower())))
                    .heal()
                    .recovery(Duration.ofSeconds(3))
                    .finalReads()
                    .build();
            Anomalies.assertCaught(run.execute(workload(), schedule), CasRegister.casRegister(0L),
                    "a stale dirty read (a follower's own copy lags the leader, the more so when cut off)", "isolate-follower");
        }
    }

    @Nested
    class ReadsThroughTheLog {
        @ChaosCluster
        static final ClusterSpec RAFT = JGroupsRaftCluster.group(3, JGroupsRaftConfig.linearizable());

        @ChaosTest(seed = SEED)
        void linearizableThroughKillsPausesAndPartitions(ChaosRun run) {
            Schedule schedule = Schedule.builder()
                    .warmUp(Duration.ofSeconds(2))
                    .faults(Duration.ofSeconds(16), Duration.ofSeconds(4), Duration.ofMillis(2500),
                            Leaders.first(Nemeses.isolate(Target.follower())),
                            Leaders.first(Nemeses.isolateLeader()),
                            Nemeses.kill(), Nemeses.pause())
                    .heal()
                    .recovery(Duration.ofSeconds(4))
                    .finalReads()
                    .build();
            Anomalies.assertLinearizable(run.execute(workload(), schedule), CasRegister.casRegister(0L), null);
        }
    }
}
