package io.faultline.suites.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.harness.Nemeses;
import io.faultline.suites.Hunt;
import io.faultline.suites.Leaders;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hunts stale {@code LINEARIZABLE} (ReadIndex) reads from Ratis 3.3.0: a leader that has committed
 * nothing since a read was last acknowledged by a majority answers the next read without a new round
 * of heartbeats ({@code ReadIndexHeartbeats.addAppendEntriesListener}: {@code commitIndex <=
 * ackedCommitIndex}), even once it has been deposed. First seen in a Docker run of a pause schedule
 * (evidence in {@code suites/evidence/ratis-3.3.0-linearizable-read-after-pause/}). Each scenario
 * runs {@code faultline.hunt.runs} times and writes its seeds and verdicts to
 * {@code target/faultline/hunts/}.
 *
 * <pre>
 * mvn verify -Pchaos,chaos-soak -pl suites -am -Dtest=RatisReadIndexHuntTest -Dsurefire.failIfNoSpecifiedTests=false -Dfaultline.hunt.runs=10
 * </pre>
 */
@Tag("chaos")
@Tag("soak")
class RatisReadIndexHuntTest {

    /** The leader paused for 2 s, six times: reads wait in its socket and are answered when it resumes. */
    @Test
    void readIndexReadsFromAResumedLeader() throws Exception {
        Hunt hunt = RatisReadsTest.CUT_LEADER
                .withFaults(Duration.ofSeconds(21), Duration.ofMillis(3500), Duration.ofSeconds(2), Leaders.first(Nemeses.pauseLeader()))
                .hunt("ratis-readindex-pause-leader", "RatisReadIndexHuntTest#readIndexReadsFromAResumedLeader",
                        RatisCluster.group(3, RatisConfig.linearizable()));
        assertThat(hunt.run(3, 5, "pause-leader")).isNotEmpty();
    }

    /** The leader cut off for 3 s, four times (as {@link RatisReadsTest}), with ReadIndex reads. */
    @Test
    void readIndexReadsFromACutOffLeader() throws Exception {
        Hunt hunt = RatisReadsTest.CUT_LEADER.hunt("ratis-readindex-isolate-leader", "RatisReadIndexHuntTest#readIndexReadsFromACutOffLeader",
                RatisCluster.group(3, RatisConfig.linearizable()));
        assertThat(hunt.run(RatisReadsTest.SEED, 5, RatisReadsTest.FAULT)).isNotEmpty();
    }
}
