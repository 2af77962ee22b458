package io.faultline.checkers.model;

import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Operation;
import io.faultline.checkers.history.Values;
import java.util.List;

/**
 * A single register with {@code :read}, {@code :write v} and {@code :cas [expected new]}, as Knossos'
 * {@code cas-register} and Porcupine's etcd model. {@link #register(Object)} is the plain
 * read / write register.
 *
 * <p>The two projects read a history differently, and a stored verdict is only right under its own
 * reading, so the reading is a choice:
 * <ul>
 *   <li>{@link Semantics#KNOSSOS} (default): a {@code :fail} operation is dropped, because it
 *       certainly did not happen; a read that returned {@code nil} constrains nothing, because
 *       Knossos' register treats a nil read as "not observed".
 *   <li>{@link Semantics#PORCUPINE}: a failed CAS is an observation that the compare failed (it
 *       must linearize where the register did not hold {@code expected}), and a read of
 *       {@code nil} means the register was empty.
 * </ul>
 */
public final class CasRegister implements Model<CasRegister.Value> {

    /** How a history's failures and nil reads are read. */
    public enum Semantics {
        KNOSSOS,
        PORCUPINE
    }

    /** The register's content; {@code v} may be null (empty). */
    public record Value(Object v) {
    }

    private final String name;
    private final boolean allowCas;
    private final Value initial;
    private final Semantics semantics;

    private CasRegister(String name, boolean allowCas, Object initial, Semantics semantics) {
        this.name = name;
        this.allowCas = allowCas;
        this.initial = new Value(initial);
        this.semantics = semantics;
    }

    /** A compare-and-set register holding {@code initial}, read with Knossos' semantics. */
    public static CasRegister casRegister(Object initial) {
        return new CasRegister("cas-register", true, initial, Semantics.KNOSSOS);
    }

    public static CasRegister casRegister(Object initial, Semantics semantics) {
        return new CasRegister("cas-register", true, initial, semantics);
    }

    /** A read / write register holding {@code initial}. */
    public static CasRegister register(Object initial) {
        return new CasRegister("register", false, initial, Semantics.KNOSSOS);
    }

    public Semantics semantics() {
        return semantics;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return (allowCas ? "compare-and-set register" : "read/write register") + " starting at "
                + Values.toEdn(initial.v()) + ", " + semantics.name().toLowerCase(java.util.Locale.ROOT)
                + " semantics";
    }

    @Override
    public Value init() {
        return initial;
    }

    @Override
    public boolean isIdentity(Operation op) {
        return op.f().equals("read") && (op.isIndeterminate() || (op.value() == null && semantics == Semantics.KNOSSOS));
    }

    @Override
    public boolean observesFailure(Operation op) {
        return semantics == Semantics.PORCUPINE && op.f().equals("cas");
    }

    @Override
    public Value step(Value state, Operation op) {
        switch (op.f()) {
            case "read":
                if (op.isIndeterminate()) {
                    return state;
                }
                if (op.value() == null && semantics == Semantics.KNOSSOS) {
                    return state;
                }
                return Values.same(op.value(), state.v()) ? state : null;
            case "write":
                return new Value(op.value());
            case "cas":
                if (!allowCas) {
                    throw new IllegalArgumentException("a :cas on a plain register (op " + op
                            + "); check it with the cas-register model");
                }
                Object expected = casArgument(op, 0);
                boolean matches = Values.same(expected, state.v());
                if (op.type() == OpType.FAIL) {
                    // Porcupine's reading: the CAS ran and its compare failed.
                    return matches ? null : state;
                }
                return matches ? new Value(casArgument(op, 1)) : null;
            default:
                throw new IllegalArgumentException("a " + name + " has no :" + op.f() + " (op " + op
                        + "); it knows :read, :write" + (allowCas ? " and :cas" : ""));
        }
    }

    private static Object casArgument(Operation op, int i) {
        if (op.value() instanceof List<?> l && l.size() == 2) {
            return l.get(i);
        }
        throw new IllegalArgumentException("a :cas value must be [expected new], got " + Values.toEdn(op.value())
                + " (op " + op + ")");
    }

    @Override
    public String describe(Value state) {
        return Values.toEdn(state.v());
    }
}
