package io.faultline.checkers.model;

import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Operation;
import io.faultline.checkers.history.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Registers named by key, read and written together in transactions: Knossos's
 * {@code (multi-register {:x 0 :y 0})}. The only operation is {@code :txn}, whose value is a list of
 * micro-operations {@code [f key value]} applied in order, atomically:
 *
 * <ul>
 *   <li>{@code [:read k v]} is legal iff register {@code k} holds {@code v}; a read of {@code nil}
 *       is always legal, because Knossos takes a nil read to mean "not observed" (invocations carry
 *       {@code [:read :x nil]} and the completion fills the value in). A key never written reads as
 *       nil, so reading a value from it is illegal.
 *   <li>{@code [:write k v]} sets {@code k} to {@code v}; writing nil forgets the key.
 * </ul>
 *
 * <p>A later read in the same transaction sees an earlier write. The micro-operation's {@code f} may
 * be a keyword or a string, {@code read}/{@code write} or Jepsen's short {@code r}/{@code w}. When
 * the transaction is indeterminate ({@code :info}) nobody saw its reads, so only its writes count;
 * an indeterminate read-only transaction is therefore an {@linkplain #isIdentity identity}.
 *
 * <p>The state is an unmodifiable map from key to value that holds no nil values.
 */
public final class MultiRegister implements Model<Map<Object, Object>> {
    private static final String SHAPE = "a :txn value is a list of [f key value] micro-operations with f :read or "
            + ":write, e.g. [[:read :x nil] [:write :y 2]]";

    private final Map<Object, Object> initial;

    /** Registers holding {@code initial}; keys it leaves out start as nil. */
    public MultiRegister(Map<?, ?> initial) {
        Map<Object, Object> values = new LinkedHashMap<>();
        initial.forEach((k, v) -> {
            if (v != null) {
                values.put(Canonical.of(k), Canonical.of(v));
            }
        });
        this.initial = Collections.unmodifiableMap(values);
    }

    @Override
    public String name() {
        return "multi-register";
    }

    @Override
    public String description() {
        return "Registers named by key, initially " + describe(initial) + ", read and written atomically by :txn.";
    }

    @Override
    public Map<Object, Object> init() {
        return initial;
    }

    @Override
    public Map<Object, Object> step(Map<Object, Object> state, Operation op) {
        boolean readsObserved = op.type() != OpType.INFO;
        Map<Object, Object> next = state;
        for (MicroOp m : microOps(op)) {
            if (!m.write()) {
                if (readsObserved && m.value() != null && !m.value().equals(next.get(m.key()))) {
                    return null;
                }
            } else if (!Objects.equals(next.get(m.key()), m.value())) {
                Map<Object, Object> copy = new LinkedHashMap<>(next);
                if (m.value() == null) {
                    copy.remove(m.key());
                } else {
                    copy.put(m.key(), m.value());
                }
                next = Collections.unmodifiableMap(copy);
            }
        }
        return next;
    }

    @Override
    public boolean isIdentity(Operation op) {
        if (!op.f().equals("txn")) {
            return false;
        }
        boolean readsObserved = op.type() != OpType.INFO;
        for (MicroOp m : microOps(op)) {
            if (m.write() || (readsObserved && m.value() != null)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String describe(Map<Object, Object> state) {
        return Canonical.edn(state);
    }

    private record MicroOp(boolean write, Object key, Object value) {
    }

    private List<MicroOp> microOps(Operation op) {
        if (!op.f().equals("txn")) {
            throw OperationErrors.unsupported(name(), op, ":txn");
        }
        if (!(op.value() instanceof List<?> txn)) {
            throw OperationErrors.malformed(name(), op, SHAPE);
        }
        List<MicroOp> out = new ArrayList<>(txn.size());
        for (Object mop : txn) {
            if (!(mop instanceof List<?> l) || l.size() != 3) {
                throw OperationErrors.malformed(name(), op, SHAPE);
            }
            String f = l.get(0) instanceof Keyword k ? k.name() : l.get(0) instanceof String s ? s : "";
            boolean write = f.equals("write") || f.equals("w");
            if (!write && !f.equals("read") && !f.equals("r")) {
                throw OperationErrors.malformed(name(), op, SHAPE + "; " + Values.toEdn(mop) + " is neither");
            }
            out.add(new MicroOp(write, Canonical.of(l.get(1)), Canonical.of(l.get(2))));
        }
        return out;
    }
}
