package io.faultline.checkers.model;

import static io.faultline.checkers.model.Ops.info;
import static io.faultline.checkers.model.Ops.ok;
import static io.faultline.checkers.model.Ops.vec;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.Operation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyStringMachineTest {
    private final KeyValue model = new KeyValue();

    @Test
    void equalStringsMadeByDifferentStepsAreOneState() {
        List<Operation> ops = List.of(ok("append", vec("x", "a")), ok("append", vec("x", "ab")), ok("append", vec("x", "aa")),
                ok("append", vec("x", "b")), ok("put", vec("x", "aab")), ok("get", vec("x", null), vec("x", "aab")),
                ok("put", vec("x", "")), info("get", vec("x", null)));
        StateMachine<Map<Object, String>> m = model.stateMachine(ops);
        assertThat(m).isInstanceOf(KeyStringMachine.class);

        int empty = m.init();
        int viaA = m.step(m.step(empty, 0), 1);
        int viaAa = m.step(m.step(empty, 2), 3);
        int put = m.step(m.step(empty, 0), 4);
        assertThat(viaA).isEqualTo(viaAa).isEqualTo(put).isNotEqualTo(empty);
        assertThat(m.state(viaA)).isEqualTo(Map.of("x", "aab"));
        assertThat(m.step(viaA, 5)).isEqualTo(viaA);
        assertThat(m.step(m.step(empty, 0), 5)).isEqualTo(StateMachine.ILLEGAL);
        assertThat(m.step(viaA, 6)).as("put \"\" is the initial state").isEqualTo(empty);
        assertThat(m.state(empty)).isEqualTo(model.init());
        assertThat(m.step(viaA, 7)).as("a get nobody saw").isEqualTo(viaA);
        // "", a, aa and aab: one id each
        assertThat(m.size()).isEqualTo(4);
    }

    @Test
    void eachStepAgreesWithTheModelsOwn() {
        List<Operation> ops = List.of(ok("append", vec("x", "ab")), ok("append", vec("x", "a")), ok("put", vec("x", "b")),
                ok("get", vec("x", null), vec("x", "ab")), ok("get", vec("x", null), vec("x", "aba")),
                ok("get", vec("x", null), vec("x", "")));
        StateMachine<Map<Object, String>> m = model.stateMachine(ops);
        // every sequence of up to four steps, from the initial state
        walk(m, m.init(), model.init(), ops, 4);
    }

    private void walk(StateMachine<Map<Object, String>> m, int id, Map<Object, String> state, List<Operation> ops, int depth) {
        if (depth == 0) {
            return;
        }
        for (int op = 0; op < ops.size(); op++) {
            Map<Object, String> expected = model.step(state, ops.get(op));
            int next = m.step(id, op);
            if (expected == null) {
                assertThat(next).as("%s after %s", ops.get(op), state).isEqualTo(StateMachine.ILLEGAL);
            } else {
                assertThat(m.state(next)).as("%s after %s", ops.get(op), state).isEqualTo(expected);
                walk(m, next, expected, ops, depth - 1);
            }
        }
    }

    @Test
    void severalKeysOrAMalformedOperationLeaveItToTheChecker() {
        assertThat(model.stateMachine(List.of(ok("append", vec("x", "a")), ok("append", vec("y", "a"))))).isNull();
        assertThat(model.stateMachine(List.of(ok("append", vec("x", "a")), ok("append", vec("x", 1L))))).isNull();
        assertThat(model.stateMachine(List.of())).isNull();
    }
}
