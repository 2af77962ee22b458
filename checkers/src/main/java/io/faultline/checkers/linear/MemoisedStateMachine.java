package io.faultline.checkers.linear;

import io.faultline.checkers.history.Operation;
import io.faultline.checkers.model.Model;
import io.faultline.checkers.model.StateMachine;
import java.util.List;

/**
 * The state machine of a model that has none of its own: its states interned to ints, and
 * {@link Model#step} memoised per (state, operation), so that the model's cost is paid once per
 * distinct transition, not once per visit — while that pays: where nearly every step reaches a new
 * state, the memo only costs time and memory, and the machine stops keeping it.
 */
final class MemoisedStateMachine<S> implements StateMachine<S> {
    /** Model steps taken before the machine judges whether the transition memo pays. */
    private static final int MEMO_REVIEW = 1 << 12;
    /** A rough allowance for a state object itself, for the memory budget. */
    private static final long STATE_BYTES = 32;

    private final Model<S> model;
    /** Each operation as {@link Model#prepare} decoded it. */
    private final Object[] prepared;
    private final StateIds<S> states = new StateIds<>();
    /** Null once the machine found that the memo does not pay. */
    private TransitionTable transitions = new TransitionTable();
    private long lookups;
    private long hits;

    MemoisedStateMachine(Model<S> model, List<Operation> ops) {
        this.model = model;
        this.prepared = new Object[ops.size()];
        for (int i = 0; i < prepared.length; i++) {
            prepared[i] = model.prepare(ops.get(i));
        }
    }

    @Override
    public int init() {
        return states.intern(model.init());
    }

    @Override
    public int step(int s, int op) {
        if (transitions == null) {
            return compute(s, op);
        }
        lookups++;
        int t = transitions.get(s, op);
        if (t != TransitionTable.UNKNOWN) {
            hits++;
            return t;
        }
        t = compute(s, op);
        transitions.put(s, op, t);
        if (lookups >= MEMO_REVIEW && hits < lookups / 4) {
            // Fewer than one step in four was a repeat: computing each afresh is cheaper.
            transitions = null;
        }
        return t;
    }

    private int compute(int s, int op) {
        S after = model.stepPrepared(states.get(s), prepared[op]);
        return after == null ? ILLEGAL : states.intern(after);
    }

    @Override
    public S state(int id) {
        return states.get(id);
    }

    @Override
    public int size() {
        return states.size();
    }

    @Override
    public long bytes() {
        return (transitions == null ? 0 : transitions.bytes()) + states.bytes() + STATE_BYTES * states.size();
    }
}
