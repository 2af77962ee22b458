package io.faultline.checkers.model;

import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.Operation;
import io.faultline.checkers.history.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jepsen's independent keys ({@code jepsen.independent}): every value is a tuple {@code [key value]},
 * each key is a separate object of the inner model, and each key's sub-history is checked on its own
 * (P-compositionality). The inner model sees the bare values.
 *
 * @param <S> the inner model's state
 */
public final class Independent<S> implements Model<S> {
    private final Model<S> inner;

    private Independent(Model<S> inner) {
        this.inner = inner;
    }

    public static <S> Independent<S> of(Model<S> inner) {
        return new Independent<>(inner);
    }

    @Override
    public String name() {
        return "independent " + inner.name();
    }

    @Override
    public String description() {
        return "independent keys, each a " + inner.description();
    }

    @Override
    public S init() {
        return inner.init();
    }

    @Override
    public S step(S state, Operation op) {
        return inner.step(state, unwrap(op));
    }

    @Override
    public boolean isIdentity(Operation op) {
        return inner.isIdentity(unwrap(op));
    }

    @Override
    public boolean observesFailure(Operation op) {
        return inner.observesFailure(unwrap(op));
    }

    @Override
    public List<List<Operation>> partition(List<Operation> ops) {
        Map<Object, List<Operation>> byKey = new LinkedHashMap<>();
        for (Operation op : ops) {
            byKey.computeIfAbsent(key(op), k -> new ArrayList<>()).add(op);
        }
        return List.copyOf(byKey.values());
    }

    @Override
    public String describe(S state) {
        return inner.describe(state);
    }

    private static Object key(Operation op) {
        if (op.invocation().value() instanceof List<?> tuple && tuple.size() == 2) {
            return tuple.get(0);
        }
        throw new IllegalArgumentException("independent keys need values of the form [key value], got "
                + Values.toEdn(op.invocation().value()) + " in " + op);
    }

    private static Operation unwrap(Operation op) {
        return new Operation(op.id(), unwrap(op.invocation()), op.completion() == null ? null : unwrap(op.completion()));
    }

    private static Op unwrap(Op op) {
        Object v = op.value();
        Object bare = v instanceof List<?> tuple && tuple.size() == 2 ? tuple.get(1) : v;
        return new Op(op.index(), op.process(), op.type(), op.f(), bare, op.time(), op.error());
    }
}
