package io.faultline.checkers.model;

import static io.faultline.checkers.model.Ops.info;
import static io.faultline.checkers.model.Ops.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetModelTest {
    private final SetModel model = new SetModel();
    private final Set<Object> oneTwo = model.step(model.step(model.init(), ok("add", 1L)), ok("add", 2L));

    @Test
    void addsAccumulateFromAnEmptySet() {
        assertThat(model.init()).isEmpty();
        assertThat(oneTwo).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void addingAnElementAlreadyPresentChangesNothing() {
        assertThat(model.step(oneTwo, ok("add", 1L))).isEqualTo(oneTwo);
    }

    @Test
    void aReadOfExactlyTheElementsIsLegalInAnyOrderAsListOrSet() {
        assertThat(model.step(oneTwo, ok("read", null, List.of(2L, 1L)))).isEqualTo(oneTwo);
        assertThat(model.step(oneTwo, ok("read", null, Set.of(1L, 2L)))).isEqualTo(oneTwo);
        assertThat(model.step(model.init(), ok("read", null, List.of()))).isEqualTo(model.init());
    }

    @Test
    void aReadMissingAnElementIsIllegal() {
        assertThat(model.step(oneTwo, ok("read", null, List.of(1L)))).isNull();
    }

    @Test
    void aReadWithAnElementNeverAddedIsIllegal() {
        assertThat(model.step(oneTwo, ok("read", null, List.of(1L, 2L, 3L)))).isNull();
    }

    @Test
    void integersAndLongsAreTheSameElements() {
        assertThat(model.step(oneTwo, ok("read", null, List.of(1, 2)))).isEqualTo(oneTwo);
        assertThat(model.step(model.init(), ok("add", 1))).isEqualTo(Set.of(1L));
    }

    @Test
    void anUnobservedReadIsAnIdentity() {
        var indeterminate = info("read", null);
        assertThat(model.isIdentity(indeterminate)).isTrue();
        assertThat(model.step(oneTwo, indeterminate)).isEqualTo(oneTwo);
        assertThat(model.isIdentity(ok("read", null, null))).isTrue();
        assertThat(model.isIdentity(ok("read", null, List.of()))).isFalse();
        assertThat(model.isIdentity(info("add", 1L))).isFalse();
    }

    @Test
    void aReadThatIsNotACollectionIsRejected() {
        assertThatThrownBy(() -> model.step(oneTwo, ok("read", null, 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("list or a set");
    }

    @Test
    void addingNilIsRejected() {
        assertThatThrownBy(() -> model.step(oneTwo, ok("add", null))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOperationOfAnotherObjectIsRejected() {
        assertThatThrownBy(() -> model.step(oneTwo, ok("write", 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":add and :read");
    }

    @Test
    void describesTheElementsSorted() {
        var state = model.step(oneTwo, ok("add", 0L));
        assertThat(model.describe(state)).isEqualTo("#{0 1 2}");
    }
}
