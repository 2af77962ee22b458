package io.faultline.checkers.model;

import static io.faultline.checkers.model.Ops.info;
import static io.faultline.checkers.model.Ops.ok;
import static io.faultline.checkers.model.Ops.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.Operation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyValueTest {
    private final KeyValue model = new KeyValue();

    @Test
    void everyKeyStartsEmpty() {
        assertThat(model.step(model.init(), ok("get", vec("x", null), vec("x", "")))).isEqualTo(model.init());
        assertThat(model.step(model.init(), ok("get", vec("x", null), vec("x", "a")))).isNull();
    }

    @Test
    void putOverwritesAndAppendConcatenates() {
        var state = model.step(model.init(), ok("put", vec("x", "ab")));
        state = model.step(state, ok("append", vec("x", "cd")));
        state = model.step(state, ok("append", vec("y", "z")));
        assertThat(state).isEqualTo(Map.of("x", "abcd", "y", "z"));
        assertThat(model.step(state, ok("get", vec("x", null), vec("x", "abcd")))).isEqualTo(state);
        assertThat(model.step(state, ok("get", vec("x", null), vec("x", "ab")))).isNull();
        assertThat(model.step(state, ok("put", vec("x", "q")))).isEqualTo(Map.of("x", "q", "y", "z"));
    }

    @Test
    void aKeyPutToEmptyIsTheSameStateAsOneNeverWritten() {
        var state = model.step(model.step(model.init(), ok("put", vec("x", "a"))), ok("put", vec("x", "")));
        assertThat(state).isEqualTo(model.init()).hasSameHashCodeAs(model.init());
    }

    @Test
    void anUnobservedGetIsAnIdentity() {
        var indeterminate = info("get", vec("x", null));
        assertThat(model.isIdentity(indeterminate)).isTrue();
        assertThat(model.step(Map.of("x", "a"), indeterminate)).isEqualTo(Map.of("x", "a"));
        assertThat(model.isIdentity(ok("get", vec("x", null), null))).isTrue();
        assertThat(model.isIdentity(ok("get", vec("x", null), vec("x", "")))).isFalse();
        assertThat(model.isIdentity(info("put", vec("x", "a")))).isFalse();
    }

    @Test
    void valuesThatAreNotKeyStringPairsAreRejected() {
        assertThatThrownBy(() -> model.step(model.init(), ok("put", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[key string]");
        assertThatThrownBy(() -> model.step(model.init(), ok("put", vec("x", 1L))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.step(model.init(), ok("append", vec("x", null))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.step(model.init(), ok("put", vec(null, "a"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPreparedOperationStepsAsTheOperationItself() {
        List<Operation> ops = List.of(ok("put", vec("x", "ab")), ok("append", vec("x", "cd")), ok("append", vec("y", "z")),
                ok("get", vec("x", null), vec("x", "abcd")), ok("get", vec("x", null), vec("x", "ab")),
                info("get", vec("x", null)), ok("put", vec("x", "")), ok("get", vec("y", null), vec("y", "z")));
        Map<Object, String> state = model.init();
        for (Operation op : ops) {
            Map<Object, String> expected = model.step(state, op);
            assertThat(model.stepPrepared(state, model.prepare(op))).as("%s", op).isEqualTo(expected);
            if (expected != null) {
                state = expected;
            }
        }
        assertThat(state).isEqualTo(Map.of("y", "z"));
    }

    @Test
    void anOperationThatCannotBePreparedIsRejectedWhenStepped() {
        Operation malformed = ok("put", vec("x", 1L));
        assertThat(model.prepare(malformed)).isSameAs(malformed);
        assertThatThrownBy(() -> model.stepPrepared(model.init(), model.prepare(malformed)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[key string]");
        Operation other = ok("read", vec("x", "a"));
        assertThatThrownBy(() -> model.stepPrepared(model.init(), model.prepare(other)))
                .hasMessageContaining(":get, :put and :append");
    }

    @Test
    void anOperationOfAnotherObjectIsRejected() {
        assertThatThrownBy(() -> model.step(model.init(), ok("read", vec("x", "a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":get, :put and :append");
    }

    @Test
    void partitionsByKeyKeepingOrderWithinAndFirstAppearanceAcross() {
        var ops = List.of(
                op(0, "put", vec("b", "1")),
                op(1, "put", vec("a", "2")),
                op(2, "append", vec("b", "3")),
                op(3, "get", vec("a", "2")),
                op(4, "get", vec("c", "")));
        assertThat(model.partition(ops)).extracting(part -> part.stream().map(Operation::id).toList())
                .containsExactly(List.of(0, 2), List.of(1, 3), List.of(4));
    }

    @Test
    void integerAndLongKeysAreOnePartition() {
        var ops = List.of(op(0, "put", vec(1, "a")), op(1, "get", vec(1L, "a")));
        assertThat(model.partition(ops)).hasSize(1);
    }

    @Test
    void theUnpartitionedVariantKeepsTheHistoryWhole() {
        var ops = List.of(op(0, "put", vec("b", "1")), op(1, "put", vec("a", "2")));
        KeyValue whole = KeyValue.unpartitioned();
        assertThat(whole.partition(ops)).containsExactly(ops);
        assertThat(whole.name()).isEqualTo("kv-unpartitioned");
        assertThat(model.name()).isEqualTo("kv");
        assertThat(whole.step(whole.init(), ops.get(0))).isEqualTo(model.step(model.init(), ops.get(0)));
    }

    @Test
    void describesKeysSorted() {
        var state = model.step(model.step(model.init(), ok("put", vec("y", "2"))), ok("put", vec("x", "1")));
        assertThat(model.describe(state)).isEqualTo("{\"x\" \"1\" \"y\" \"2\"}");
    }

    /**
     * With a single client a history is linearizable iff replaying it in order is legal, so
     * Porcupine's one-client logs check the model against Porcupine's verdicts without a checker.
     */
    @ParameterizedTest
    @CsvSource({"c01-ok.txt, true, 10", "c01-bad.txt, false, 8"})
    void agreesWithPorcupineOnItsOneClientLogs(String log, boolean linearizable, int keys) throws Exception {
        List<Operation> ops = ReferenceHistories.porcupineKv(log);
        List<List<Operation>> parts = model.partition(ops);
        assertThat(parts).hasSize(keys);
        assertThat(parts.stream().allMatch(part -> replays(model, part))).isEqualTo(linearizable);
        assertThat(replays(KeyValue.unpartitioned(), ops)).isEqualTo(linearizable);
    }

    @Test
    void partitionsPorcupinesTenClientLogIntoItsTenKeys() throws Exception {
        List<Operation> ops = ReferenceHistories.porcupineKv("c10-ok.txt");
        List<List<Operation>> parts = model.partition(ops);
        assertThat(parts).hasSize(10);
        assertThat(parts.stream().mapToInt(List::size).sum()).isEqualTo(ops.size());
    }

    private static boolean replays(KeyValue kv, List<Operation> ops) {
        Map<Object, String> state = kv.init();
        for (Operation op : ops) {
            state = kv.step(state, op);
            if (state == null) {
                return false;
            }
        }
        return true;
    }

    private static Operation op(int id, String f, Object value) {
        return new Operation(id, Op.invoke(0, f, value).withIndex(2 * id), Op.ok(0, f, value).withIndex(2 * id + 1));
    }
}
