package io.faultline.suites.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class LostWritesTest {

    @Test
    void aReadOfAnOlderValueAfterAnAcknowledgedWriteShowsTheWriteLost() throws Exception {
        History h = History.of(List.of(
                Op.invoke(0, "write", 1L), Op.ok(0, "write", 1L),
                Op.invoke(1, "write", 2L), Op.ok(1, "write", 2L),
                Op.invoke(0, "read", null), Op.ok(0, "read", 1L)));
        assertThat(LostWrites.in(h)).singleElement().asString().startsWith("write 2 ");
    }

    @Test
    void concurrentWritesMayBeReadInEitherOrder() throws Exception {
        History h = History.of(List.of(
                Op.invoke(0, "write", 1L), Op.invoke(1, "write", 2L),
                Op.ok(1, "write", 2L), Op.ok(0, "write", 1L),
                Op.invoke(0, "read", null), Op.ok(0, "read", 1L)));
        assertThat(LostWrites.in(h)).isEmpty();
    }

    @Test
    void theInitialValueAfterAnAcknowledgedWriteIsALoss() throws Exception {
        History h = History.of(List.of(
                Op.invoke(0, "write", 1L), Op.ok(0, "write", 1L),
                Op.invoke(1, "read", null), Op.ok(1, "read", 0L)));
        assertThat(LostWrites.in(h)).singleElement().asString().contains("the initial value");
    }

    @Test
    void anIndeterminateWriteMayTakeEffectLate() throws Exception {
        History h = History.of(List.of(
                Op.invoke(0, "write", 1L), Op.info(0, "write", 1L),
                Op.invoke(1, "write", 2L), Op.ok(1, "write", 2L),
                Op.invoke(1, "read", null), Op.ok(1, "read", 1L)));
        assertThat(LostWrites.in(h)).isEmpty();
    }

    @Test
    void aReadBeforeTheAcknowledgementMayMissTheWrite() throws Exception {
        History h = History.of(List.of(
                Op.invoke(0, "write", 1L), Op.invoke(1, "read", null),
                Op.ok(0, "write", 1L), Op.ok(1, "read", 0L)));
        assertThat(LostWrites.in(h)).isEmpty();
    }
}
