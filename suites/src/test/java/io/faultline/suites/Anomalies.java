package io.faultline.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.model.Model;
import io.faultline.harness.Event;
import io.faultline.harness.RunAssert;
import io.faultline.harness.RunResult;
import java.util.List;

/**
 * What every target's safe-mode and unsafe-mode tests check of a run: the safe mode's history is
 * linearizable, and (for either mode's verdict, since {@link Hunt#expectCaught} asks it of each run)
 * the run meant something: its faults were injected, and reads completed.
 */
public final class Anomalies {
    private Anomalies() {
    }

    /** The safe mode's run: meaningful, and linearizable under {@code model}. */
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
