package io.faultline.checkers.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class CasRegisterTest {
    private final CasRegister model = CasRegister.casRegister(0L);

    @Test
    void valuesNobodyObservesAreWrittenAsOne() throws Exception {
        List<Operation> ops = History.of(List.of(
                Op.invoke(0, "write", 1L), Op.invoke(1, "write", 2L), Op.invoke(2, "write", 3L),
                Op.invoke(3, "cas", List.of(0L, 4L)), Op.invoke(4, "read", null),
                Op.ok(4, "read", 3L), Op.ok(3, "cas", List.of(0L, 4L)))).operations();

        List<Operation> simplified = model.simplify(ops);

        assertThat(simplified).extracting(Operation::value).containsExactly(CasRegister.UNOBSERVED,
                CasRegister.UNOBSERVED, 3L, List.of(0L, CasRegister.UNOBSERVED), 3L);
        assertThat(simplified).extracting(Operation::id).containsExactlyElementsOf(ops.stream().map(Operation::id).toList());
        assertThat(simplified).extracting(Operation::type).containsExactlyElementsOf(ops.stream().map(Operation::type).toList());
    }

    @Test
    void aValueACasComparesAgainstOrTheRegisterStartsWithIsObserved() throws Exception {
        List<Operation> ops = History.of(List.of(
                Op.invoke(0, "write", 0L), Op.invoke(1, "write", 2L), Op.invoke(2, "cas", List.of(2L, 5L)),
                Op.fail(2, "cas", List.of(2L, 5L)))).operations();

        assertThat(model.simplify(ops)).as("nothing left to merge").isSameAs(ops);
    }

    @Test
    void oneUnobservedValueAloneIsLeftAsItIs() throws Exception {
        List<Operation> ops = History.of(List.of(Op.invoke(0, "write", 7L), Op.invoke(1, "read", null),
                Op.ok(1, "read", 0L))).operations();

        assertThat(model.simplify(ops)).isSameAs(ops);
    }
}
