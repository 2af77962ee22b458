package io.faultline.checkers.model;

import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Operation;
import io.faultline.checkers.history.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
    /** What {@link #simplify} writes instead of every value that no operation observes. */
    public static final Keyword UNOBSERVED = Keyword.of("faultline/unobserved");

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

    /**
     * Writes every value that no operation observes as one value, {@link #UNOBSERVED}. A value is
     * observed when a read returns it, a CAS compares against it (whatever became of the CAS), or the
     * register starts with it. Histories whose unique writes timed out (Jepsen's etcd and register
     * tests under kills) hold hundreds of such :info writes; as distinct values each is a state of its
     * own and every order of them is a configuration, while as one value they are interchangeable
     * (the search linearizes identical indeterminate operations in invocation order only) and reach
     * one state.
     *
     * <p>Why the verdict cannot change. Let φ map each unobserved value to {@code UNOBSERVED} and
     * every other value to itself; φ(initial) = initial, as the initial value counts as observed. For
     * every operation o, its rewritten form o', and every state s: o is legal in s iff o' is legal in
     * φ(s), and then φ(step(s, o)) = step(φ(s), o'). A read returning x, or a successful CAS from x, is
     * legal iff s = x; x is observed, so x ≠ UNOBSERVED, and s = x iff φ(s) = x. A failed CAS (read,
     * under Porcupine's semantics, as "the register did not hold x") is legal iff s ≠ x iff φ(s) ≠ x,
     * and changes nothing. A write of v, or a successful CAS to v, leaves v, and o' leaves φ(v). So a
     * sequence of operations is a legal linearization of the history iff the same sequence of their
     * rewritten forms is one of the rewritten history — real-time order is untouched — and one is
     * linearizable iff the other is. {@code LinearizabilityCheckerPropertyTest} checks this against
     * the brute-force definition on random histories.
     */
    @Override
    public List<Operation> simplify(List<Operation> ops) {
        Set<Object> observed = new HashSet<>();
        observed.add(Values.canonical(initial.v()));
        for (Operation op : ops) {
            switch (op.f()) {
                case "read":
                    if (!isIdentity(op)) {
                        observed.add(Values.canonical(op.value()));
                    }
                    break;
                case "cas":
                    if (!(op.value() instanceof List<?> l && l.size() == 2)) {
                        return ops; // step says what is wrong with it
                    }
                    observed.add(Values.canonical(l.get(0)));
                    if (UNOBSERVED.equals(l.get(1))) {
                        return ops;
                    }
                    break;
                case "write":
                    if (UNOBSERVED.equals(op.value())) {
                        return ops;
                    }
                    break;
                default:
                    return ops;
            }
        }
        if (observed.contains(UNOBSERVED)) {
            return ops;
        }
        List<Operation> simplified = new ArrayList<>(ops.size());
        int rewritten = 0;
        for (Operation op : ops) {
            Operation s = op;
            if (op.type() != OpType.FAIL && op.f().equals("write") && !observed.contains(Values.canonical(op.value()))) {
                s = withValue(op, UNOBSERVED);
            } else if (op.type() != OpType.FAIL && op.f().equals("cas")
                    && !observed.contains(Values.canonical(((List<?>) op.value()).get(1)))) {
                s = withValue(op, Arrays.asList(((List<?>) op.value()).get(0), UNOBSERVED));
            }
            rewritten += s == op ? 0 : 1;
            simplified.add(s);
        }
        // one unobserved value alone merges nothing
        return rewritten < 2 ? ops : simplified;
    }

    private static Operation withValue(Operation op, Object value) {
        Op c = op.completion();
        return new Operation(op.id(), withValue(op.invocation(), value),
                c == null || c.value() == null ? c : withValue(c, value));
    }

    private static Op withValue(Op op, Object value) {
        return new Op(op.index(), op.process(), op.type(), op.f(), value, op.time(), op.error());
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
