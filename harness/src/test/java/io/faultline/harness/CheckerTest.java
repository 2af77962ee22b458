package io.faultline.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.History;
import io.faultline.checkers.linear.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checkers compose as Jepsen's do: INVALID over UNKNOWN over VALID, and a checker that throws answers UNKNOWN. */
class CheckerTest {
    private static final RunResult RUN = new RunResult(List.of("n1"), History.of(List.of()), List.of(), Path.of("/tmp"), 1, "rerun");

    private static Checker answering(Verdict verdict) {
        return run -> new CheckResult(verdict.name().toLowerCase(), verdict, "said " + verdict, Map.of(), List.of());
    }

    @Test
    void aComposedVerdictIsTheWorstOfItsParts() {
        assertThat(Checker.safely(Checker.compose("all", answering(Verdict.VALID), answering(Verdict.UNKNOWN)), RUN).verdict())
                .isEqualTo(Verdict.UNKNOWN);
        CheckResult invalid = Checker.safely(Checker.compose("all", answering(Verdict.UNKNOWN), answering(Verdict.INVALID),
                answering(Verdict.VALID)), RUN);
        assertThat(invalid.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(invalid.problems()).containsExactly("unknown: said UNKNOWN", "invalid: said INVALID");
        assertThat(invalid.toJson()).contains("\"name\" : \"all\"", "\"valid\" : false", "\"parts\" : [");
    }

    @Test
    void aCheckerThatThrowsAnswersUnknownInsteadOfCrashingTheRun() {
        Checker broken = run -> {
            throw new IllegalStateException("bug in my checker");
        };

        CheckResult result = Checker.safely(Checker.compose("all", answering(Verdict.VALID), broken), RUN);

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.summary()).contains("bug in my checker");
        assertThat(result.problems()).singleElement().asString().startsWith("checker: the checker threw");
    }

    @Test
    void statsFailsAKindOfOperationThatNeverSucceededUnlessItIsNamed() {
        History history = History.of(List.of(
                new io.faultline.checkers.history.Op(0, 0, io.faultline.checkers.history.OpType.INVOKE, "cas", List.of(1, 2), 1, null),
                new io.faultline.checkers.history.Op(1, 0, io.faultline.checkers.history.OpType.FAIL, "cas", List.of(1, 2), 2, null),
                new io.faultline.checkers.history.Op(2, 0, io.faultline.checkers.history.OpType.INVOKE, "read", null, 3, null),
                new io.faultline.checkers.history.Op(3, 0, io.faultline.checkers.history.OpType.OK, "read", 1, 4, null)));
        RunResult run = new RunResult(List.of("n1"), history, List.of(), Path.of("/tmp"), 1, "rerun");

        assertThat(Checker.safely(Checkers.stats(java.util.Set.of()), run).summary())
                .startsWith("no :ok completion for cas (1 :fail, 0 :info)");
        assertThat(Checker.safely(Checkers.stats(java.util.Set.of("cas")), run).isValid()).isTrue();
    }

    @Test
    void kernelCutsThatDroppedNothingFailTheRunUnlessIdleCutsAreExpected() {
        List<Map<String, Object>> idle = List.of(Map.of("from", "n1", "to", "n2", "dropped-packets", 0L),
                Map.of("from", "n2", "to", "n1", "dropped-packets", 0L));
        List<Map<String, Object>> dropping = List.of(Map.of("from", "n1", "to", "n2", "dropped-packets", 12L),
                Map.of("from", "n2", "to", "n1", "dropped-packets", 0L));
        RunResult uncut = new RunResult(List.of("n1", "n2"), History.of(List.of()),
                List.of(Event.of(5, "kernel-cuts", "links", idle)), Path.of("/tmp"), 1, "rerun");
        RunResult cut = new RunResult(List.of("n1", "n2"), History.of(List.of()),
                List.of(Event.of(5, "kernel-cuts", "links", dropping)), Path.of("/tmp"), 1, "rerun");

        CheckResult failed = Checker.safely(Checkers.cutsDropped(), uncut);
        assertThat(failed.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(failed.summary()).contains("cut 2 links", "not one packet", "Expect.idleCuts()");
        assertThat(Checker.safely(Checkers.cutsDropped(), cut).isValid()).isTrue();
        assertThat(Checker.safely(Checkers.runMustProveSomething(List.of(Expect.idleCuts())), uncut).parts())
                .filteredOn(part -> part.name().equals("cuts")).singleElement()
                .satisfies(part -> assertThat(part.summary()).startsWith("relaxed: "));
    }

    @Test
    void aRunWithoutKernelCutsListsNoCutsCheck() {
        RunResult proxied = new RunResult(List.of("n1", "n2"), History.of(List.of()),
                List.of(Event.of(5, "fault-start", "id", "1")), Path.of("/tmp"), 1, "rerun");
        RunResult kernel = new RunResult(List.of("n1", "n2"), History.of(List.of()),
                List.of(Event.of(5, "kernel-cuts", "links", List.of())), Path.of("/tmp"), 1, "rerun");

        assertThat(Checker.safely(Checkers.runMustProveSomething(List.of()), proxied).parts())
                .extracting(CheckResult::name).doesNotContain("cuts").contains("stats", "faults");
        assertThat(Checker.safely(Checkers.runMustProveSomething(List.of()), kernel).parts())
                .extracting(CheckResult::name).contains("cuts");
    }
}
