package io.faultline.checkers.model;

import static io.faultline.checkers.model.Ops.info;
import static io.faultline.checkers.model.Ops.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UnorderedQueueTest {
    private final UnorderedQueue model = new UnorderedQueue();

    private Map<Object, Integer> enqueue(Object... elements) {
        var state = model.init();
        for (Object e : elements) {
            state = model.step(state, ok("enqueue", e));
        }
        return state;
    }

    @Test
    void anyPendingElementMayBeDequeued() {
        var state = enqueue(1L, 2L);
        assertThat(model.step(state, ok("dequeue", null, 2L))).isEqualTo(enqueue(1L));
        assertThat(model.step(state, ok("dequeue", null, 1L))).isEqualTo(enqueue(2L));
    }

    @Test
    void anElementNeverEnqueuedCannotBeDequeued() {
        assertThat(model.step(enqueue(1L), ok("dequeue", null, 3L))).isNull();
    }

    @Test
    void eachCopyIsDequeuedOnce() {
        var state = model.step(enqueue(1L, 1L), ok("dequeue", null, 1L));
        assertThat(state).isEqualTo(enqueue(1L));
        state = model.step(state, ok("dequeue", null, 1L));
        assertThat(state).isEqualTo(model.init());
        assertThat(model.step(state, ok("dequeue", null, 1L))).isNull();
    }

    @Test
    void theOrderOfEnqueuesDoesNotMatter() {
        assertThat(enqueue(1L, 2L)).isEqualTo(enqueue(2L, 1L)).hasSameHashCodeAs(enqueue(2L, 1L));
    }

    @Test
    void anAcknowledgedNilDequeueMeansEmpty() {
        assertThat(model.step(model.init(), ok("dequeue", null, null))).isEqualTo(model.init());
        assertThat(model.step(enqueue(1L), ok("dequeue", null, null))).isNull();
    }

    @Test
    void anIndeterminateDequeueWithoutValueCanNeverTakeEffect() {
        assertThat(model.step(model.init(), info("dequeue", null))).isNull();
        assertThat(model.step(enqueue(1L), info("dequeue", null))).isNull();
    }

    @Test
    void anIndeterminateDequeueThatNamesItsValueIsChecked() {
        assertThat(model.step(enqueue(1L, 2L), info("dequeue", 1L))).isEqualTo(enqueue(2L));
        assertThat(model.step(enqueue(2L), info("dequeue", 1L))).isNull();
    }

    @Test
    void integersAndLongsAreTheSameElement() {
        assertThat(model.step(enqueue(7), ok("dequeue", null, 7L))).isEqualTo(model.init());
    }

    @Test
    void malformedAndForeignOperationsAreRejected() {
        assertThatThrownBy(() -> model.step(model.init(), ok("enqueue", null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.step(model.init(), ok("read", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":enqueue and :dequeue");
    }

    @Test
    void describesOneEntryPerCopySorted() {
        assertThat(model.describe(enqueue(2L, 1L, 2L))).isEqualTo("[1 2 2]");
    }
}
