package io.faultline.suites.jgroupsraft;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.Target;
import io.faultline.suites.Hunt;
import io.faultline.suites.Leaders;
import io.faultline.suites.ReadScenario;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * jgroups-raft 1.1.4's replicated counter, used as a register, read through each member. With
 * {@code allow_dirty_reads=true} — the counter service's default — a member answers a read from its
 * own copy, which lags the leader by a round of replication even when all is well, and by everything
 * the majority writes while it is cut off: caught. With dirty reads off, a read goes through the log
 * like a write, and the register stays linearizable through kills, pauses and partitions of leader
 * and followers.
 *
 * <p>Six processes, each talking to one member only ({@link JGroupsRaftRegisterClient}): on each member
 * one that only reads and one that only writes fresh values ({@link ReadScenario}).
 *
 * <p>On the process backend, since jgroups-raft has not yet been run in the Docker backend here. Tagged
 * {@code soak} for now: both tests passed here in their earlier form (the same scenario through
 * {@code Anomalies}), but not yet as a bounded hunt and with the reconnecting client; once they have,
 * they belong in {@code full} ({@code -Pchaos,chaos-full}, which CI runs), where the main job's budget
 * is not spent on them.
 */
class JGroupsRaftReadsTest {
    static final long SEED = 5;
    /** At 60 ops/s: both this and 120 ops/s (3,127 operations, 211 of them :info writes) were decided in under 0.2 s. */
    static final ReadScenario READS = ReadScenario.of(JGroupsRaftRegisterClient.pinned()).withRate(60);

    /** Dirty reads: a follower cut off 2.5 s, three times; at most 3 runs until a stale read is caught. */
    @Test
    @Tag("chaos")
    @Tag("soak")
    void dirtyReadsAreCaught() throws Exception {
        Hunt hunt = READS.withFaults(Duration.ofSeconds(12), Duration.ofSeconds(4), Duration.ofMillis(2500),
                        Leaders.first(Nemeses.isolate(Target.follower())))
                .hunt("jgroups-raft-dirty-reads", "JGroupsRaftReadsTest#dirtyReadsAreCaught",
                        JGroupsRaftCluster.group(3, JGroupsRaftConfig.defaults()))
                .onBackend("process");
        assertThat(hunt.expectCaught("a stale dirty read (a follower's own copy lags the leader, the more so when cut off)",
                SEED, 3, "isolate-follower").caught()).isTrue();
    }

    /** Reads through the log, under a follower and the leader cut off, a kill and a pause, 2.5 s each. */
    static ReadScenario throughTheLog() {
        return READS.withFaults(Duration.ofSeconds(16), Duration.ofSeconds(4), Duration.ofMillis(2500),
                        Leaders.first(Nemeses.isolate(Target.follower())), Leaders.first(Nemeses.isolateLeader()),
                        Nemeses.kill(), Nemeses.pause())
                .withRecovery(Duration.ofSeconds(4));
    }

    /**
     * The same safe mode at 120 ops/s over many seeds, in soak: its first run here (seed 5, 3,132
     * operations) could not be decided within the checker's memory, and a rerun of that configuration
     * was decided in 0.1 s, so what made that history hard is hunted rather than assumed.
     */
    @Test
    @Tag("chaos")
    @Tag("soak")
    void readsThroughTheLogOverManySeeds() throws Exception {
        assertThat(throughTheLog().withRate(120).hunt("jgroups-raft-log-reads", "JGroupsRaftReadsTest#readsThroughTheLogOverManySeeds",
                        JGroupsRaftCluster.group(3, JGroupsRaftConfig.linearizable())).run(SEED, 5, null))
                .as("runs whose verdict was not linearizable (not linearizable, or unknown: see the table)")
                .allMatch(o -> o.verdict().equals("linearizable"));
    }

    @Nested
    @Tag("soak")
    class ReadsThroughTheLog {
        @ChaosCluster
        static final ClusterSpec RAFT = JGroupsRaftCluster.group(3, JGroupsRaftConfig.linearizable());

        @ChaosTest(seed = SEED, backend = "process")
        void linearizableThroughKillsPausesAndPartitions(ChaosRun run) {
            throughTheLog().assertLinearizable(run, null);
        }
    }
}
