package io.faultline.checkers.model;

import static io.faultline.checkers.model.Ops.info;
import static io.faultline.checkers.model.Ops.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FifoQueueTest {
    private final FifoQueue model = new FifoQueue();

    private List<Object> enqueue(Object... elements) {
        var state = model.init();
        for (Object e : elements) {
            state = model.step(state, ok("enqueue", e));
        }
        return state;
    }

    @Test
    void enqueueAppends() {
        assertThat(enqueue(1L, 2L)).containsExactly(1L, 2L);
        assertThat(enqueue(1L, 2L)).isNotEqualTo(enqueue(2L, 1L));
    }

    @Test
    void onlyTheHeadMayBeDequeued() {
        var state = enqueue(1L, 2L);
        assertThat(model.step(state, ok("dequeue", null, 2L))).isNull();
        assertThat(model.step(state, ok("dequeue", null, 1L))).containsExactly(2L);
    }

    @Test
    void nothingMayBeDequeuedFromAnEmptyQueue() {
        assertThat(model.step(model.init(), ok("dequeue", null, 1L))).isNull();
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
        assertThat(model.step(enqueue(1L), info("dequeue", 1L))).isEqualTo(model.init());
    }

    @Test
    void integersAndLongsAreTheSameElement() {
        assertThat(model.step(enqueue(7), ok("dequeue", null, 7L))).isEqualTo(model.init());
    }

    @Test
    void malformedAndForeignOperationsAreRejected() {
        assertThatThrownBy(() -> model.step(model.init(), ok("enqueue", null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.step(model.init(), ok("add", 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fifo-queue model has no :add");
    }

    @Test
    void describesHeadFirst() {
        assertThat(model.describe(enqueue(2L, 1L))).isEqualTo("[2 1]");
    }
}
