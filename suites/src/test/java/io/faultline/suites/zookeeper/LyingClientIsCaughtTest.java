package io.faultline.suites.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.ChaosCluster;
import io.faultline.harness.ChaosRun;
import io.faultline.harness.ChaosTest;
import io.faultline.harness.ClusterSpec;
import io.faultline.harness.Nemeses;
import io.faultline.harness.RunAssert;
import io.faultline.harness.RunResult;
import io.faultline.harness.Schedule;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The suite catches a client that lies: a chaos test whose client acknowledges writes it never
 * sent fails, and its failure shows the counterexample and names the run directory that holds the
 * evidence. The chaos test runs through JUnit's own engine here, so that what is checked is what a
 * user sees: the failure as the extension reports it.
 */
@Tag("full")
@Tag("chaos")
class LyingClientIsCaughtTest {

    @Test
    void aClientThatAcknowledgesUnsentWritesFailsWithACounterexampleAndTheRunDirectory() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(LyingRun.class)).execute().testEvents();

        tests.assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = tests.failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        Path directory = LyingRun.directory;
        assertThat(LyingRun.linearizabilityFailure)
                .as("RunAssert's own failure")
                .isNotNull()
                .hasMessageContaining("the history is not linearizable as a cas-register")
                .hasMessageContaining("cannot linearize");
        assertThat(failure.getMessage())
                .as("the failure the user sees")
                .contains("the history is not linearizable as a cas-register")
                .contains("cannot linearize")
                .contains(directory.toString());
        assertThat(directory.resolve("history.edn")).isRegularFile();
        assertThat(directory.resolve("linearizability.json")).content().contains("\"valid\" : false");
    }

    /** Run only by the test above, never by itself: its class name does not match Surefire's includes. */
    static class LyingRun {
        @ChaosCluster
        static final ClusterSpec ZK = ZooKeeperCluster.ensemble(3);

        static volatile Path directory;
        static volatile AssertionError linearizabilityFailure;

        @ChaosTest
        void lyingClient(ChaosRun run) {
            directory = run.directory();
            Schedule schedule = Schedule.builder()
                    .warmUp(Duration.ofSeconds(2))
                    .faults(Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(1), Nemeses.kill())
                    .heal()
                    .recovery(Duration.ofSeconds(2))
                    .finalReads()
                    .build();

            RunResult result = run.execute(ZooKeeperCasRegisterChaosTest.casRegister(LyingZkClient.lyingAbout(0.5)), schedule);

            try {
                RunAssert.assertThat(result).isLinearizable(CasRegister.casRegister(0L));
            } catch (AssertionError e) {
                linearizabilityFailure = e;
                throw e;
            }
        }
    }
}
