package io.faultline.suites.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.suites.Leaders;
import io.faultline.suites.ReadScenario;
import io.faultline.suites.ratis.RatisRegisterClient.Reads;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reads from Apache Ratis 3.3.0 while its leader is cut off from both followers and its clients still
 * reach it. Every write is of a fresh value, so a read of an older value after a newer write was
 * acknowledged is a counterexample.
 *
 * <p>A cut-off Ratis leader goes on leading until it has had no answer from a majority for the maximum
 * election timeout ({@code LeaderStateImpl.checkLeadership}); the followers stand for election after a
 * random time between the minimum and the maximum. With a wide range (300–2,000 ms here) they often
 * elect a new leader, which commits writes, while the old one still leads. Then:
 * <ul>
 *   <li>{@code DEFAULT} reads, documented as possibly not linearizable, are answered by the old leader
 *       from its own state: caught.
 *   <li>Reads through the log (a {@code read} command, like a write) stay linearizable.
 * </ul>
 * {@code LINEARIZABLE} reads (ReadIndex, Raft thesis §6.4) should confirm leadership by a round of
 * heartbeats first; but Ratis skips that round when the commit index it would wait for was
 * acknowledged by a majority before ({@code ReadIndexHeartbeats.addAppendEntriesListener} returns
 * null when {@code commitIndex <= ackedCommitIndex}), so a deposed leader that has committed nothing
 * since its last acknowledged read answers from its old state. That needs the last thing before the
 * fault to be an acknowledged read rather than a commit, so it is hunted over many runs in
 * {@link RatisReadIndexHuntTest}; README's Findings give the figures, and the evidence is kept under
 * {@code suites/evidence/}.
 *
 * <p>Six processes: on each server one that only reads, there only ({@link RatisRegisterClient}), and
 * three that only write, through whichever server leads.
 */
class RatisReadsTest {
    static final long SEED = 3;
    static final String FAULT = "isolate-leader";
    /** The leader cut off for 3 s, four times; reads at each server, writes through whichever leads. */
    static final ReadScenario CUT_LEADER = ReadScenario.of(RatisRegisterClient.factory(Reads.READ_ONLY))
            .withOpTimeout(Duration.ofSeconds(5))
            .withFaults(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(3), Leaders.first(Nemeses.isolateLeader()));

    /**
     * DEFAULT reads, at most 3 runs until a stale one is caught. In soak (-Pchaos,chaos-soak): the stale
     * read needs the followers to elect a new leader before the cut-off one steps down, which one run
     * missed (a process-backend CI rehearsal, seed 3, 605 ok reads under 4 isolations) after 4 of 4
     * caught it, and three runs of some 35 s each are more than the default job can spend.
     */
    @Test
    @Tag("chaos")
    @Tag("soak")
    void defaultReadsFromACutOffLeaderAreCaught() throws Exception {
        assertThat(CUT_LEADER.hunt("ratis-default-reads", "RatisReadsTest#defaultReadsFromACutOffLeaderAreCaught",
                        RatisCluster.group(3, RatisConfig.defaultReads()))
                .expectCaught("a stale DEFAULT read from the cut-off leader", SEED, 3, FAULT).caught()).isTrue();
    }

    @Nested
    class LogReads {
        @ChaosCluster
        static final ClusterSpec RATIS = RatisCluster.group(3, RatisConfig.linearizable());

        @ChaosTest(seed = SEED)
        void theSameScheduleIsLinearizable(ChaosRun run) {
            CUT_LEADER.withClients(RatisRegisterClient.factory(Reads.LOG)).assertLinearizable(run, FAULT);
        }
    }
}
