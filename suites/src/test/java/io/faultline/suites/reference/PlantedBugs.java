package io.faultline.suites.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.faultline.checkers.model.CasRegister;
import io.faultline.harness.Event;
import io.faultline.harness.RunAssert;
import io.faultline.harness.RunResult;
import io.faultline.harness.Workload;
import io.faultline.suites.CasRegisterMix;
import java.time.Duration;

/** What every planted-bug test checks of its run. */
final class PlantedBugs {
    private PlantedBugs() {
    }

    /** Longer than any fault: a workload that writes throughout. */
    static final Duration THROUGHOUT = Duration.ofDays(1);

    /**
     * Five processes of {@link ReadsAndUniqueWrites}, 100 operations a second in all, writing until
     * a fault has been in place for {@code writeFor}, each ending with a read.
     */
    static Workload workload(Duration writeFor) {
        return Workload.of(ReferenceRegisterClient.factory(), new ReadsAndUniqueWrites(writeFor))
                .withProcesses(5)
                .withRate(100)
                .withOpTimeout(Duration.ofSeconds(2))
                .withFinalRead(CasRegisterMix.FINAL_READ);
    }

    /**
     * The run is not linearizable, the failure shows a counterexample and names the run directory, and
     * {@code linearizability.json} there says so.
     */
    static void assertCaught(RunResult result, String faultKind) {
        assertInjected(result, faultKind);
        AssertionError failure = catchThrowableOfType(AssertionError.class,
                () -> RunAssert.assertThat(result).isLinearizable(CasRegister.casRegister(0L)));
        assertThat(failure).as("the linearizability check of a run with the bug on; its record is in %s", result.directory())
                .isNotNull()
                .hasMessageContaining("the history is not linearizable as a cas-register")
                .hasMessageContaining("cannot linearize")
                .hasMessageContaining(result.directory().toString());
        assertThat(result.directory().resolve("linearizability.json")).content()
                .contains("\"valid\" : false")
                .contains("\"counterexample\"");
        System.out.println("faultline: caught, as it should be:\n" + failure.getMessage());
    }

    /** The same schedule, without the bug: linearizable. */
    static void assertPasses(RunResult result, String faultKind) {
        assertInjected(result, faultKind);
        RunAssert.assertThat(result).isLinearizable(CasRegister.casRegister(0L));
    }

    /** A fault that never happened (no leader to find, say) would make either verdict meaningless. */
    private static void assertInjected(RunResult result, String faultKind) {
        assertThat(result.events())
                .as("fault-start events of kind %s in %s", faultKind, result.directory())
                .anyMatch(e -> isStart(e, faultKind))
                .noneMatch(e -> e.type().equals("fault-error"));
    }

    private static boolean isStart(Event e, String kind) {
        return e.type().equals("fault-start") && kind.equals(e.fields().get("kind"));
    }
}
