package io.faultline.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.model.Model;
import io.faultline.harness.Event;
import io.faultline.harness.RunAssert;
import io.faultline.harness.RunResult;
import java.util.List;

/**
 * What every target's safe-mode and unsafe-mode tests check of a run. An unsafe mode is shown by a
 * counterexample in the run directory; a run that found none fails and says so, naming what it tried,
 * rather than passing. Either verdict needs the run to have meant something: its faults were
 * injected, and reads completed.
 */
public final class Anomalies {
    private Anomalies() {
    }

    /**
     * The history is not linearizable under {@code model}, the failure shows a counterexample and
     * names the run directory, and {@code linearizability.json} there says so.
     *
     * @param anomaly what the unsafe mode is expected to show, for the message when it did not
     */
    public static void assertCaught(RunResult result, Model<?> model, String anomaly, String faultKind) {
        assertMeaningful(result, faultKind);
        AssertionError failure = catchThrowableOfType(AssertionError.class,
                () -> RunAssert.assertThat(result).isLinearizable(model));
        if (failure == null) {
            throw new AssertionError(String.format("expected %s, but none was found within this run's budget: the history"
                    + " of %d client operations (%d ok reads) under %d %s faults is linearizable as a %s. A longer"
                    + " schedule or another seed may find it; the run is in %s%n  rerun: %s", anomaly,
                    clientOps(result).size(), okReads(result), faultStarts(result, faultKind).size(), faultKind,
                    model.name(), result.directory(), result.rerunCommand()));
        }
        assertThat(failure.getMessage()).as("the linearizability failure of %s", result.directory())
                .contains("cannot linearize")
                .contains(result.directory().toString());
        assertThat(result.directory().resolve("linearizability.json")).content()
                .contains("\"valid\" : false")
                .contains("\"counterexample\"");
        System.out.println("faultline: " + anomaly + " caught, as it should be:\n" + failure.getMessage());
    }

    /** The same kind of schedule, in the safe mode: linearizable. */
    public static void assertLinearizable(RunResult result, Model<?> model, String faultKind) {
        assertMeaningful(result, faultKind);
        RunAssert.assertThat(result).isLinearizable(model);
    }

    /**
     * A fault that never happened, or a run without a single ok read, would make either verdict
     * meaningless. {@code faultKind} null accepts a fault of any kind.
     */
    public static void assertMeaningful(RunResult result, String faultKind) {
        assertThat(faultStarts(result, faultKind))
                .as("fault-start events of kind %s in %s", faultKind == null ? "any" : faultKind, result.directory())
                .isNotEmpty();
        assertThat(result.events()).as("faults that failed to inject, in %s", result.directory())
                .noneMatch(e -> e.type().equals("fault-error"));
        assertThat(okReads(result)).as("reads that completed ok, in %s", result.directory()).isPositive();
    }

    private static List<Event> faultStarts(RunResult result, String kind) {
        return result.events().stream()
                .filter(e -> e.type().equals("fault-start") && (kind == null || kind.equals(e.fields().get("kind")))).toList();
    }

    private static List<Op> clientOps(RunResult result) {
        return result.history().ops().stream().filter(op -> !op.isNemesis() && op.type() != OpType.INVOKE).toList();
    }

    private static long okReads(RunResult result) {
        return clientOps(result).stream().filter(op -> op.type() == OpType.OK && op.f().equals("read")).count();
    }
}
