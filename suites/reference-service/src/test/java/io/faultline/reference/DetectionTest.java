package io.faultline.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each detector mode and strategy notices a paused node, and trusts it again once it resumes. The
 * bounds are generous on purpose: they catch a detector that never fires, not a slow machine.
 */
class DetectionTest {
    private static final long TIMEOUT_MS = 600;
    private static final long INTERVAL_MS = 100;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({"active, fixed", "active, phi", "passive, fixed", "passive, phi", "hybrid, fixed", "hybrid, phi"})
    void aPausedNodeIsSuspectedWithinAboutOneTimeoutAndTrustedAgainAfterItResumes(String mode, String strategy) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, Map.of("detector.mode", mode, "detector.strategy", strategy))) {
            String leader = cluster.awaitLeader();
            // A follower, so that the pause does not also start an election.
            String victim = TestCluster.IDS.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            List<String> observers = TestCluster.IDS.stream().filter(id -> !id.equals(victim)).toList();
            Thread.sleep(1000); // let phi-accrual collect some history

            long paused = System.nanoTime();
            cluster.node(victim).pause();
            // Hybrid mode probes for one more timeout before it suspects.
            long boundMs = TIMEOUT_MS + INTERVAL_MS + 1000 + (mode.equals("hybrid") ? TIMEOUT_MS : 0);
            for (String observer : observers) {
                long at = awaitOpinion(cluster, observer, victim, "suspect", paused);
                System.out.printf("%s/%s: %s suspected the paused %s after %d ms%n", mode, strategy, observer, victim,
                        (at - paused) / 1_000_000);
                assertThat((at - paused) / 1_000_000).as("ms until %s suspected %s", observer, victim).isLessThan(boundMs);
            }

            long resumed = System.nanoTime();
            cluster.node(victim).resume();
            for (String observer : observers) {
                awaitOpinion(cluster, observer, victim, "trust", resumed);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"passive", "hybrid"})
    void hybridModeDoesNotSuspectAPeerWhoseLinkToItAloneIsCut(String mode) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, Map.of("detector.mode", mode))) {
            cluster.awaitLeader();
            long cut = System.nanoTime();
            cluster.cutOneWay("n3", "n1"); // n1 no longer hears n3; n2 still does, and can vouch for it
            Thread.sleep(3 * TIMEOUT_MS + 1000);
            List<TestCluster.Detection> suspicions = cluster.detections().stream()
                    .filter(d -> d.observer().equals("n1") && d.peer().equals("n3") && d.state().equals("suspect") && d.nanos() > cut)
                    .toList();
            if (mode.equals("hybrid")) {
                assertThat(suspicions).as("n2 relays n3's acks to n1").isEmpty();
            } else {
                assertThat(suspicions).as("passive mode has no second opinion").isNotEmpty();
            }
        }
    }

    /** Waits for {@code observer} to log that opinion of {@code peer} after {@code since}; returns the line's nanos. */
    private static long awaitOpinion(TestCluster cluster, String observer, String peer, String state, long since) {
        long[] at = new long[1];
        await(observer + " logging peer=" + peer + " state=" + state).atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.detections().stream()
                        .filter(d -> d.observer().equals(observer) && d.peer().equals(peer) && d.state().equals(state)
                                && d.nanos() > since)
                        .findFirst()
                        .map(d -> at[0] = d.nanos())
                        .isPresent());
        return at[0];
    }
}
