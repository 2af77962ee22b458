package io.faultline.checkers.model;

import static io.faultline.checkers.model.Ops.info;
import static io.faultline.checkers.model.Ops.kw;
import static io.faultline.checkers.model.Ops.ok;
import static io.faultline.checkers.model.Ops.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.checkers.history.Keyword;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiRegisterTest {
    private static final Keyword X = kw("x");
    private static final Keyword Y = kw("y");
    private static final Keyword READ = kw("read");
    private static final Keyword WRITE = kw("write");

    // Knossos's tests start from {:x 0 :y 0}; Integer here, Long in the state
    private final MultiRegister model = new MultiRegister(Map.of(X, 0, Y, 0));

    private static List<Object> txn(List<?>... mops) {
        return List.of((Object[]) mops);
    }

    @Test
    void startsFromTheGivenRegistersWithNumbersAsLongs() {
        assertThat(model.init()).isEqualTo(Map.of(X, 0L, Y, 0L));
        assertThat(model.describe(model.init())).isEqualTo("{:x 0 :y 0}");
    }

    @Test
    void aReadOfTheCurrentValueIsLegalAndChangesNothing() {
        var op = ok("txn", txn(vec(READ, X, null), vec(READ, Y, null)), txn(vec(READ, X, 0L), vec(READ, Y, 0L)));
        assertThat(model.step(model.init(), op)).isEqualTo(model.init());
    }

    @Test
    void aReadOfAnotherValueIsIllegal() {
        assertThat(model.step(model.init(), ok("txn", txn(vec(READ, X, 1L))))).isNull();
    }

    @Test
    void aNilReadIsNotObservedAndLegalInAnyState() {
        var state = model.step(model.init(), ok("txn", txn(vec(WRITE, X, 5L))));
        assertThat(model.step(state, ok("txn", txn(vec(READ, X, null))))).isEqualTo(state);
        assertThat(model.isIdentity(ok("txn", txn(vec(READ, X, null))))).isTrue();
    }

    @Test
    void aKeyNeverWrittenReadsAsNil() {
        assertThat(model.step(model.init(), ok("txn", txn(vec(READ, kw("z"), 0L))))).isNull();
    }

    @Test
    void writesSetAndLaterReadsInTheSameTransactionSeeThem() {
        var op = ok("txn", txn(vec(WRITE, Y, 2L), vec(READ, Y, 2L), vec(WRITE, X, 1L)));
        assertThat(model.step(model.init(), op)).isEqualTo(Map.of(X, 1L, Y, 2L));
    }

    @Test
    void aTransactionWithOneIllegalReadIsIllegalAsAWhole() {
        var op = ok("txn", txn(vec(WRITE, Y, 2L), vec(READ, X, 9L)));
        assertThat(model.step(model.init(), op)).isNull();
    }

    @Test
    void anIndeterminateTransactionCountsOnlyItsWrites() {
        var op = info("txn", txn(vec(READ, X, 9L), vec(WRITE, Y, 2L)));
        assertThat(model.step(model.init(), op)).isEqualTo(Map.of(X, 0L, Y, 2L));
        assertThat(model.isIdentity(op)).isFalse();
    }

    @Test
    void anIndeterminateReadOnlyTransactionIsAnIdentity() {
        assertThat(model.isIdentity(info("txn", txn(vec(READ, X, 9L), vec(READ, Y, null))))).isTrue();
    }

    @Test
    void anObservedReadIsNotAnIdentity() {
        assertThat(model.isIdentity(ok("txn", txn(vec(READ, X, 0L))))).isFalse();
        assertThat(model.isIdentity(ok("txn", txn(vec(WRITE, X, 0L))))).isFalse();
    }

    @Test
    void writingNilForgetsTheKey() {
        var state = model.step(model.init(), ok("txn", txn(vec(WRITE, X, null))));
        assertThat(state).isEqualTo(Map.of(Y, 0L));
        assertThat(model.step(state, ok("txn", txn(vec(READ, X, 0L))))).isNull();
    }

    @Test
    void integersAndLongsAreTheSameValueAndTheSameState() {
        var fromInteger = model.step(model.init(), ok("txn", txn(vec(WRITE, X, 3))));
        var fromLong = model.step(model.init(), ok("txn", txn(vec(WRITE, X, 3L))));
        assertThat(fromInteger).isEqualTo(fromLong).hasSameHashCodeAs(fromLong);
        assertThat(model.step(fromLong, ok("txn", txn(vec(READ, X, 3))))).isEqualTo(fromLong);
    }

    @Test
    void acceptsShortAndStringMicroOperationNames() {
        var op = ok("txn", txn(vec(kw("w"), X, 1L), vec("r", X, 1L), vec("write", Y, 1L)));
        assertThat(model.step(model.init(), op)).isEqualTo(Map.of(X, 1L, Y, 1L));
    }

    @Test
    void aValueThatIsNotAListOfTriplesIsRejectedWithItsExpectedShape() {
        assertThatThrownBy(() -> model.step(model.init(), ok("txn", 3L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[[:read :x nil] [:write :y 2]]");
        assertThatThrownBy(() -> model.step(model.init(), ok("txn", txn(vec(READ, X)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.step(model.init(), ok("txn", txn(vec(kw("cas"), X, 1L)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[:cas :x 1] is neither");
    }

    @Test
    void readsEveryTransactionOfKnossossMultiRegisterHistory() throws Exception {
        var ops = ReferenceHistories.knossos("multi-register/good/multi-register.edn");
        assertThat(ops).hasSize(123);
        var unobserved = ops.stream().filter(model::isIdentity).toList();
        assertThat(unobserved).isNotEmpty().allMatch(op -> op.isIndeterminate());
        for (var op : ops) {
            model.step(model.init(), op); // throws if the model cannot read it
        }
    }

    @Test
    void anOperationOtherThanTxnIsRejected() {
        assertThatThrownBy(() -> model.step(model.init(), ok("read", 0L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no :read operation")
                .hasMessageContaining("it takes :txn");
        assertThat(model.isIdentity(ok("read", 0L))).isFalse();
    }
}
