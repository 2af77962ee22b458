package io.faultline.checkers.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.linear.LinearizabilityChecker;
import io.faultline.checkers.linear.LinearizabilityResult;
import io.faultline.checkers.linear.Verdict;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndependentTest {
    private final Independent<CasRegister.Value> model = Independent.of(CasRegister.casRegister(0L));

    @Test
    void eachKeyIsItsOwnRegister() throws HistoryException {
        History h = History.of(List.of(
                Op.invoke(0, "write", List.of("a", 1L)), Op.ok(0, "write", List.of("a", 1L)),
                Op.invoke(1, "read", Arrays.asList("b", null)), Op.ok(1, "read", List.of("b", 0L)),
                Op.invoke(1, "read", Arrays.asList("a", null)), Op.ok(1, "read", List.of("a", 1L))));

        assertThat(model.partition(h.operations())).hasSize(2);
        assertThat(LinearizabilityChecker.create().check(model, h).verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void aStaleReadOnOneKeyIsCaughtAndTheKeyNamed() throws HistoryException {
        History h = History.of(List.of(
                Op.invoke(0, "write", List.of("a", 1L)), Op.ok(0, "write", List.of("a", 1L)),
                Op.invoke(0, "write", List.of("b", 2L)), Op.ok(0, "write", List.of("b", 2L)),
                Op.invoke(1, "read", Arrays.asList("b", null)), Op.ok(1, "read", List.of("b", 0L))));

        LinearizabilityResult r = LinearizabilityChecker.create().check(model, h);

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(r.counterexample().partition()).isEqualTo("\"b\"");
    }

    @Test
    void aValueThatIsNotATupleIsRejectedWithTheReason() throws HistoryException {
        History h = History.of(List.of(Op.invoke(0, "write", 1L), Op.ok(0, "write", 1L)));

        assertThatThrownBy(() -> model.partition(h.operations()))
                .hasMessageContaining("[key value]");
        assertThat(LinearizabilityChecker.create().check(model, h).reason()).contains("[key value]");
    }
}
