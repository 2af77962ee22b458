package io.faultline.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The extension on small chaos test classes of sleeping processes, run through JUnit's own engine.
 * The classes are nested, so Surefire does not run them itself.
 */
class FaultlineExtensionTest {
    /** What the chaos tests below saw, in the order they ran. */
    static final List<String> SEEN = Collections.synchronizedList(new ArrayList<>());

    static ClusterSpec sleepers(int n) {
        return ClusterSpec.of("sleepers-" + n, n, i -> NodeSpec.command("s" + (i + 1), "sleep", "60"));
    }

    private static Events run(Class<?> testClass) {
        SEEN.clear();
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("faultline.dir", System.getProperty("java.io.tmpdir") + "/faultline-extension-test")
                .selectors(selectClass(testClass))
                .execute().testEvents();
    }

    abstract static class Base {
        @ChaosCluster
        static final ClusterSpec CLUSTER = sleepers(2);
    }

    static class FromASuperclass extends Base {
        @ChaosTest(backend = "process", seed = 0)
        void runs(ChaosRun run) {
            SEEN.add(run.cluster().nodes().size() + " nodes, seed " + run.seed() + ", backend " + run.backend());
        }
    }

    @Test
    void aClusterOnASuperclassIsFoundAndSeedZeroCanBeChosen() {
        run(FromASuperclass.class).assertStatistics(s -> s.succeeded(1));
        assertThat(SEEN).containsExactly("2 nodes, seed 0, backend process");
    }

    static class FromAMethod {
        @ChaosCluster
        static ClusterSpec cluster() {
            return sleepers(1);
        }

        @ChaosTest(backend = "process")
        void runs(Cluster cluster) {
            SEEN.add(cluster.nodes().size() + " node");
        }
    }

    @Test
    void aClusterFromAStaticMethod() {
        run(FromAMethod.class).assertStatistics(s -> s.succeeded(1));
        assertThat(SEEN).containsExactly("1 node");
    }

    static class SeveralClusters {
        static Stream<ClusterSpec> clusters() {
            return Stream.of(sleepers(1), sleepers(3));
        }

        @ChaosParameterizedTest(backend = "process")
        @MethodSource("clusters")
        void runs(ClusterSpec spec, ChaosRun run) {
            SEEN.add(spec.name() + ": " + run.cluster().nodes().size());
        }
    }

    @Test
    void oneParameterisedTestRunsAgainstEachCluster() {
        run(SeveralClusters.class).assertStatistics(s -> s.succeeded(2));
        assertThat(SEEN).containsExactly("sleepers-1: 1", "sleepers-3: 3");
    }

    static class Outcomes {
        @ChaosCluster
        static final ClusterSpec CLUSTER = sleepers(1);

        @ChaosTest(backend = "process")
        void assumes(ChaosRun run) {
            Assumptions.assumeTrue(false, "not on this machine");
        }

        @ChaosTest(backend = "process")
        void assertsEquality(ChaosRun run) {
            org.junit.jupiter.api.Assertions.assertEquals(1, 2, "one is two");
        }

        @ChaosTest(backend = "process")
        void throwsItsOwn(ChaosRun run) {
            throw new IllegalStateException("the client library is broken");
        }
    }

    @Test
    void junitsOwnExceptionTypesAreKeptAndCarryTheEvidence() {
        Events events = run(Outcomes.class);

        events.assertThatEvents().haveExactly(1, event(test("assumes"), abortedWithReason(instanceOf(TestAbortedException.class),
                message(m -> m.contains("not on this machine") && m.contains("faultline: rerun with: mvn verify")))));
        events.assertThatEvents().haveExactly(1, event(test("assertsEquality"), finishedWithFailure(
                instanceOf(AssertionFailedError.class), message(m -> m.contains("one is two") && m.contains("faultline: the run's history")))));
        events.assertThatEvents().haveExactly(1, event(test("throwsItsOwn"), finishedWithFailure(
                instanceOf(IllegalStateException.class), message("the client library is broken"))));
        Throwable own = events.failed().stream().map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow())
                .map(r -> r.getThrowable().orElseThrow()).filter(IllegalStateException.class::isInstance).findFirst().orElseThrow();
        assertThat(own.getSuppressed()).singleElement().extracting(Throwable::getMessage).asString()
                .contains("faultline: rerun with: mvn verify");
    }
}
