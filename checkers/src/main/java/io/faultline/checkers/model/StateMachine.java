package io.faultline.checkers.model;

/**
 * A model's steps over the operations of one search, with states as dense int ids the model assigns
 * itself. A model whose states can be recognised without being built (a kv key's string, by its hash,
 * its length and what it was appended to) steps without allocating a state it has seen before, which
 * is most steps of a search. Returned by {@link Model#stateMachine}; without one the checker interns
 * the model's states itself and memoises {@link Model#step}.
 *
 * <p>Ids must be exact: two ids are equal exactly when their states are equal. Used by one thread.
 *
 * @param <S> the model's state type
 */
public interface StateMachine<S> {
    /** What {@link #step} returns for an operation that cannot take effect in the state. */
    int ILLEGAL = -1;

    /** The id of the model's initial state. */
    int init();

    /**
     * The id of the state after operation {@code op} (its index in the list the machine was made for)
     * takes effect in state {@code state}, or {@link #ILLEGAL}.
     */
    int step(int state, int op);

    /** The state with id {@code id}, as the model's {@link Model#step} would have built it. */
    S state(int id);

    /** States seen so far. */
    int size();

    /** Bytes held, for the checker's memory budget. */
    long bytes();
}
