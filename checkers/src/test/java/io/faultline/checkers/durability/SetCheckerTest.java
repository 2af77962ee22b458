package io.faultline.checkers.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.linear.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetCheckerTest {

    /** A history of these events, each process's events in the order given. */
    private static History history(Op... ops) {
        return History.of(List.of(ops));
    }

    /** Process {@code p} adds {@code x}, and the add completes as {@code completion} says. */
    private static List<Op> add(int p, Object x, String completion) {
        List<Op> ops = new ArrayList<>(List.of(Op.invoke(p, "add", x)));
        switch (completion) {
            case "ok" -> ops.add(Op.ok(p, "add", x));
            case "fail" -> ops.add(Op.fail(p, "add", x));
            case "info" -> ops.add(Op.info(p, "add", x));
            default -> { } // never completed
        }
        return ops;
    }

    private static History adds(List<List<Op>> adds, Object finalRead) {
        List<Op> ops = new ArrayList<>();
        adds.forEach(ops::addAll);
        ops.add(Op.invoke(9, "read", null));
        ops.add(Op.ok(9, "read", finalRead));
        return History.of(ops);
    }

    @Test
    void everyAcknowledgedElementReadIsValid() throws HistoryException {
        DurabilityResult result = SetChecker.check(adds(List.of(add(0, 1L, "ok"), add(1, 2L, "ok")), List.of(2L, 1L)));
        assertThat(result.lost()).isEmpty();
        assertThat(result.isValid()).isTrue();
        assertThat(result.ok()).containsExactly(1L, 2L);
        assertThat(result.attemptCount()).isEqualTo(2);
        assertThat(result.acknowledgedCount()).isEqualTo(2);
        assertThat(result.summary()).isEqualTo(
                "VALID: 0 of 2 acknowledged adds lost [], 0 unexpected []; 2 attempted, 2 ok, 0 recovered");
    }

    @Test
    void anAcknowledgedElementMissingFromTheFinalReadIsLost() throws HistoryException {
        DurabilityResult result = SetChecker.check(
                adds(List.of(add(0, 1L, "ok"), add(1, 3L, "ok"), add(2, 2L, "ok")), List.of(2L)));
        assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(result.lost()).containsExactly(1L, 3L);
        assertThat(result.ok()).containsExactly(2L);
        assertThat(result.summary()).startsWith("INVALID: 2 of 3 acknowledged adds lost [1 3], 0 unexpected []");
    }

    @Test
    void anUnacknowledgedElementReadIsRecoveredAndOneNotReadIsNoLoss() throws HistoryException {
        DurabilityResult result = SetChecker.check(adds(
                List.of(add(0, 1L, "info"), add(1, 2L, "none"), add(2, 3L, "fail"), add(3, 4L, "info"), add(4, 5L, "ok")),
                List.of(1L, 2L, 3L, 5L)));
        assertThat(result.isValid()).isTrue();
        // Jepsen counts a read element whose add failed as recovered too
        assertThat(result.recovered()).containsExactly(1L, 2L, 3L);
        assertThat(result.ok()).containsExactly(5L);
        assertThat(result.lost()).isEmpty();
        assertThat(result.attemptCount()).isEqualTo(5);
        assertThat(result.acknowledgedCount()).isEqualTo(1);
    }

    @Test
    void anElementReadThatNobodyAddedIsUnexpected() throws HistoryException {
        DurabilityResult result = SetChecker.check(adds(List.of(add(0, 1L, "ok")), List.of(1L, 99L)));
        assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(result.unexpected()).containsExactly(99L);
        assertThat(result.lost()).isEmpty();
        assertThat(result.summary()).contains("1 unexpected [99]");
    }

    @Test
    void withoutAnAcknowledgedReadTheVerdictIsUnknown() throws HistoryException {
        List<Op> ops = new ArrayList<>(add(0, 1L, "ok"));
        ops.add(Op.invoke(1, "read", null));
        ops.add(Op.info(1, "read", null));
        DurabilityResult result = SetChecker.check(History.of(ops));
        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.reason()).startsWith("no final read");
        assertThat(result.summary()).startsWith("UNKNOWN: no final read");
        assertThat(result.acknowledgedCount()).isEqualTo(1);
        assertThat(result.finalRead()).isNull();
    }

    @Test
    void theReadThatCompletedLastIsFinal() throws HistoryException {
        // process 1 starts reading first but finishes last; its read, which has 2, is the final one
        DurabilityResult result = SetChecker.check(history(
                Op.invoke(0, "add", 1L), Op.ok(0, "add", 1L),
                Op.invoke(0, "add", 2L), Op.ok(0, "add", 2L),
                Op.invoke(1, "read", null),
                Op.invoke(2, "read", null),
                Op.ok(2, "read", List.of(1L)),
                Op.ok(1, "read", List.of(1L, 2L))));
        assertThat(result.isValid()).isTrue();
        assertThat(result.finalRead().process()).isEqualTo(1);
    }

    @Test
    void anEarlierCompleteReadDoesNotExcuseALaterIncompleteOne() throws HistoryException {
        DurabilityResult result = SetChecker.check(history(
                Op.invoke(0, "add", 1L), Op.ok(0, "add", 1L),
                Op.invoke(1, "read", null), Op.ok(1, "read", List.of(1L)),
                Op.invoke(1, "read", null), Op.ok(1, "read", List.of())));
        assertThat(result.lost()).containsExactly(1L);
    }

    @Test
    void integersAndLongsAreTheSameElementAndReadsMayBeSets() throws HistoryException {
        DurabilityResult result = SetChecker.check(adds(List.of(add(0, 1, "ok"), add(1, 2, "ok")), Set.of(1L, 2L)));
        assertThat(result.isValid()).isTrue();
        assertThat(result.ok()).containsExactly(1L, 2L);
    }

    @Test
    void elementsAreReportedSorted() throws HistoryException {
        DurabilityResult result = SetChecker.check(
                adds(List.of(add(0, 3L, "ok"), add(1, 1L, "ok"), add(2, 2L, "ok")), List.of(2L, 3L, 1L)));
        assertThat(result.ok()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aSummaryShowsTheFirstTenElementsOfALongList() throws HistoryException {
        List<List<Op>> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(add(i, (long) i, "ok"));
        }
        DurabilityResult result = SetChecker.check(adds(many, List.of()));
        assertThat(result.lost()).hasSize(12);
        assertThat(result.summary()).contains("12 of 12 acknowledged adds lost [0 1 2 3 4 5 6 7 8 9 …+2]");
    }

    @Test
    void aFinalReadThatIsNotACollectionMakesTheVerdictUnknown() throws HistoryException {
        DurabilityResult result = SetChecker.check(adds(List.of(add(0, 1L, "ok")), 1L));
        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.reason()).contains("returned 1").contains("as a list or a set");
    }

    @Test
    void otherOperationsAreIgnored() throws HistoryException {
        List<Op> ops = new ArrayList<>(add(0, 1L, "ok"));
        ops.add(Op.invoke(1, "write", 5L));
        ops.add(Op.ok(1, "write", 5L));
        ops.add(Op.invoke(1, "read", null));
        ops.add(Op.ok(1, "read", List.of(1L)));
        assertThat(SetChecker.check(History.of(ops)).isValid()).isTrue();
    }

    @Test
    void anIllFormedHistoryIsRefusedNotJudged() {
        History bad = history(Op.invoke(0, "add", 1L), Op.invoke(0, "add", 2L));
        assertThatThrownBy(() -> SetChecker.check(bad))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("still outstanding");
    }
}
