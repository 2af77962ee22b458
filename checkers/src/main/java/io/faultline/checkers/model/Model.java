package io.faultline.checkers.model;

import io.faultline.checkers.history.Operation;
import java.util.List;

/**
 * A sequential specification: what a single copy of the object would do. As in Porcupine and
 * Knossos, a model is a handful of functions. States must be immutable and implement
 * {@code equals} / {@code hashCode} by value; the checker interns them and memoises {@link #step}.
 *
 * @param <S> the state type
 */
public interface Model<S> {

    /** Short name, as on the command line: {@code cas-register}. */
    String name();

    /** One sentence for reports: what the object is and how it starts. */
    String description();

    /** The state before any operation. */
    S init();

    /**
     * The state after {@code op} takes effect in {@code state}, or {@code null} when {@code op}, with
     * the result it reported, cannot have happened in {@code state}. Must be deterministic, and depend
     * only on the operation's function, type and value (not its process or time): the checker treats
     * indeterminate operations that agree on those as interchangeable.
     */
    S step(S state, Operation op);

    /**
     * A state machine of this model over {@code ops}, one partition's operations, or null (the
     * default) to have the checker intern {@link #step}'s states and memoise it. Must agree with
     * {@link #step} exactly; returns null for operations it does not handle, so that {@link #step}
     * rejects them with its own message.
     */
    default StateMachine<S> stateMachine(List<Operation> ops) {
        return null;
    }

    /**
     * What {@link #stepPrepared} needs of {@code op}, decoded once per search. The search steps each
     * operation many times, and a model whose operations carry structured values (a kv store's
     * {@code [key value]}) should not pick them apart on every step. Must not throw: an operation it
     * cannot decode is returned as it is, for {@link #step} to reject with its own message. By default
     * the operation itself.
     */
    default Object prepare(Operation op) {
        return op;
    }

    /**
     * {@link #step} for an operation given as {@link #prepare} returned it: the same state, or null
     * when the operation is illegal. A model that overrides {@link #prepare} overrides this too.
     */
    default S stepPrepared(S state, Object prepared) {
        return step(state, (Operation) prepared);
    }

    /**
     * True when {@code op}, with the result it reported, is legal in every state and changes none,
     * so the checker may leave it out: a read whose result nobody saw, for instance.
     */
    default boolean isIdentity(Operation op) {
        return false;
    }

    /**
     * Whether a {@code :fail} completion still says something about the state. Knossos drops every
     * failed operation, because {@code :fail} means it certainly did not take effect; a model may keep
     * one whose failure is itself an observation, as Porcupine reads a failed CAS as "the compare
     * failed".
     */
    default boolean observesFailure(Operation op) {
        return false;
    }

    /**
     * Splits operations into independent sub-histories that can be checked separately
     * (P-compositionality, Horn and Kroening): the whole is linearizable iff each part is. The
     * default keeps one part.
     */
    default List<List<Operation>> partition(List<Operation> ops) {
        return List.of(ops);
    }

    /**
     * An equivalent history that is cheaper to search, or {@code ops} itself. It must have the same
     * operations in the same order, each with its own id, type and time, some with other values, such
     * that it is linearizable exactly when {@code ops} is. The checker decides with it, and, when it
     * is not linearizable, searches {@code ops} itself for the counterexample (keeping the simplified
     * search's, with its states as the simplified history has them, only when that runs out of budget).
     * Called once per partition.
     */
    default List<Operation> simplify(List<Operation> ops) {
        return ops;
    }

    /** A state as a report shows it. */
    default String describe(S state) {
        return String.valueOf(state);
    }
}
