package io.faultline.checkers.linear;

import io.faultline.checkers.history.Operation;
import io.faultline.checkers.model.Model;
import io.faultline.checkers.model.StateMachine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Wing & Gong's linearizability search with Lowe's memoisation, over one independent sub-history.
 *
 * <p>Events (calls and returns) sit in a doubly linked list in real-time order. The search walks it
 * from the front: a call whose operation can take effect in the current state is linearized (its
 * call and return are lifted out of the list, and the search restarts from the front); reaching a
 * return means that operation had to take effect before now and could not, so the search backtracks.
 * Indeterminate operations have no return: they may be linearized at any point after their call, or
 * never. The history is linearizable once every determinate operation is linearized.
 *
 * <p>Model states are ints, from the model's own {@link StateMachine} or else from a
 * {@link MemoisedStateMachine} over its {@link Model#step}.
 */
final class WglSearch<S> {
    private static final int NIL = -1;
    private static final int MAX_PREFIXES = 4;
    private final Model<S> model;
    private final Operation[] ops;
    private final Budget budget;
    private final int n;
    private final int head;
    private final int[] next;
    private final int[] prev;
    private final boolean[] determinate;
    private final int[] bit;
    private final long[] zobrist;
    private final int[] completeIndex;
    /** For an indeterminate operation, the latest earlier one identical to it, or -1. */
    private final int[] twin;

    /** The model's states and steps; null once the search is finished. */
    private StateMachine<S> machine;
    private long chargedTransitions;

    // The search's position, kept in fields so that a search can be paused and resumed.
    private ConfigurationCache cache;
    private long[] detBits;
    private long[] crashBits;
    private long detHash;
    private int remaining;
    private int state;
    private int depth;
    private int[] stackNode;
    private int[] stackState;
    private int entry;

    // The frontier: the furthest return the search was ever blocked at, and how it got there.
    private int frontierPosition = -1;
    private int frontierOp = NIL;
    private int frontierDepth = -1;
    private final List<int[]> frontierPaths = new ArrayList<>();
    private final OrderedIntSet frontierStates = new OrderedIntSet();

    private long configurations;

    WglSearch(Model<S> model, List<Operation> ops, Budget budget) {
        this.model = model;
        this.ops = ops.toArray(new Operation[0]);
        this.budget = budget;
        this.n = ops.size();
        this.head = 2 * n;
        this.next = new int[2 * n + 1];
        this.prev = new int[2 * n + 1];
        this.determinate = new boolean[n];
        this.bit = new int[n];
        this.zobrist = new long[n];
        this.completeIndex = new int[n];
        this.twin = new int[n];
        SplittableRandom random = new SplittableRandom(0x5eed);
        int det = 0;
        int crashed = 0;
        for (int i = 0; i < n; i++) {
            Operation op = this.ops[i];
            determinate[i] = !op.isIndeterminate();
            bit[i] = determinate[i] ? det++ : crashed++;
            zobrist[i] = random.nextLong();
            completeIndex[i] = op.completeIndex();
        }
        linkEvents();
        findTwins();
        StateMachine<S> own = model.stateMachine(ops);
        this.machine = own != null ? own : new MemoisedStateMachine<>(model, ops);
    }

    /**
     * Indeterminate operations with the same function and value are interchangeable: whichever of
     * them a linearization uses, the one invoked earliest could be used instead. So they are only
     * ever linearized in invocation order, which removes the symmetric configurations that Jepsen
     * histories full of timed-out writes and CASes would otherwise explore. (This is why a model's
     * step may depend only on an operation's function, type and value.)
     */
    private void findTwins() {
        Map<List<Object>, Integer> latest = new HashMap<>();
        // (invocation index, operation) in one long, sorted without boxing: histories of millions of
        // operations are checked too, and all of this runs before the search first looks at its budget.
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = ((long) ops[i].invokeIndex() << 32) | i;
        }
        Arrays.sort(order);
        for (long invocation : order) {
            int i = (int) invocation;
            twin[i] = -1;
            if (!determinate[i]) {
                Operation op = ops[i];
                Integer previous = latest.put(Arrays.asList(op.f(), op.value()), i);
                twin[i] = previous == null ? -1 : previous;
            }
        }
    }

    /** Node 2i is the call of operation i, node 2i+1 its return; the head sentinel is node 2n. */
    private void linkEvents() {
        long[] events = new long[2 * n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            Operation op = ops[i];
            events[count++] = ((long) op.invokeIndex() << 32) | (2L * i);
            if (determinate[i]) {
                events[count++] = ((long) op.completeIndex() << 32) | (2L * i + 1);
            }
        }
        Arrays.sort(events, 0, count);
        int last = head;
        for (int e = 0; e < count; e++) {
            int node = (int) events[e];
            next[last] = node;
            prev[node] = last;
            last = node;
        }
        next[last] = NIL;
    }

    private void startSearch() {
        int det = countDeterminate();
        detBits = new long[(det + 63) >>> 6];
        crashBits = new long[(n - det + 63) >>> 6];
        remaining = det;
        state = machine.init();
        stackNode = new int[n];
        stackState = new int[n];
        entry = next[head];
    }

    /**
     * Searches for at most about {@code maxSteps} steps.
     *
     * @return the outcome, or null if the search is not finished and may be resumed
     */
    SearchOutcome resume(long maxSteps) {
        if (cache == null) {
            startSearch();
            cache = new ConfigurationCache(budget, detBits.length, crashBits.length > 0);
        }
        try {
            SearchOutcome outcome = search(maxSteps);
            if (outcome != null) {
                finish();
            }
            return outcome;
        } catch (RuntimeException | Error e) {
            finish();
            throw e;
        }
    }

    private SearchOutcome search(long maxSteps) {
        for (long steps = 1; remaining > 0; steps++) {
            if ((steps & 0x3FF) == 0) {
                chargeTransitions();
                if (budget.exceeded()) {
                    return SearchOutcome.unknown(budget.reason(), cache.size());
                }
                if (steps > maxSteps) {
                    return null;
                }
            }
            int op = entry >> 1;
            if ((entry & 1) == 0) {
                if (!determinate[op] && twin[op] >= 0 && !isSet(crashBits, bit[twin[op]])) {
                    entry = next[entry];
                    continue;
                }
                int after = machine.step(state, op);
                if (after >= 0) {
                    boolean det = determinate[op];
                    long[] bits = det ? detBits : crashBits;
                    bits[bit[op] >>> 6] |= 1L << bit[op];
                    long hash = det ? detHash ^ zobrist[op] : detHash;
                    if (cache.add(detBits, hash, after, crashBits)) {
                        stackNode[depth] = entry;
                        stackState[depth] = state;
                        depth++;
                        state = after;
                        detHash = hash;
                        lift(op);
                        if (det) {
                            remaining--;
                        }
                        entry = next[head];
                        continue;
                    }
                    bits[bit[op] >>> 6] &= ~(1L << bit[op]);
                }
                entry = next[entry];
            } else {
                noteBlocked(op);
                if (depth == 0) {
                    return SearchOutcome.invalid(counterexampleParts(), cache.size());
                }
                depth--;
                int node = stackNode[depth];
                int undone = node >> 1;
                state = stackState[depth];
                if (determinate[undone]) {
                    detBits[bit[undone] >>> 6] &= ~(1L << bit[undone]);
                    detHash ^= zobrist[undone];
                    remaining++;
                } else {
                    crashBits[bit[undone] >>> 6] &= ~(1L << bit[undone]);
                }
                unlift(undone);
                entry = next[node];
            }
        }
        return SearchOutcome.valid(cache.size());
    }

    private void finish() {
        configurations = cache.size();
        cache.release();
        budget.release(chargedTransitions);
        chargedTransitions = 0;
        machine = null;
    }

    /** States and transitions grow with the search too; they count against the memory budget. */
    private void chargeTransitions() {
        long held = machine.bytes();
        budget.charge(held - chargedTransitions);
        chargedTransitions = held;
    }

    long configurations() {
        return configurations;
    }

    private static boolean isSet(long[] bits, int i) {
        return (bits[i >>> 6] & (1L << i)) != 0;
    }

    private int countDeterminate() {
        int c = 0;
        for (boolean d : determinate) {
            if (d) {
                c++;
            }
        }
        return c;
    }

    private void lift(int op) {
        remove(2 * op);
        if (determinate[op]) {
            remove(2 * op + 1);
        }
    }

    private void unlift(int op) {
        if (determinate[op]) {
            restore(2 * op + 1);
        }
        restore(2 * op);
    }

    private void remove(int node) {
        next[prev[node]] = next[node];
        if (next[node] != NIL) {
            prev[next[node]] = prev[node];
        }
    }

    private void restore(int node) {
        next[prev[node]] = node;
        if (next[node] != NIL) {
            prev[next[node]] = node;
        }
    }

    /**
     * The search could not get past {@code op}'s return from this configuration. The furthest such
     * return over the whole search is the operation that cannot be linearized; the paths and states
     * that reached it are the counterexample.
     */
    private void noteBlocked(int op) {
        int position = completeIndex[op];
        if (position < frontierPosition) {
            return;
        }
        if (position > frontierPosition) {
            frontierPosition = position;
            frontierOp = op;
            frontierDepth = -1;
            frontierPaths.clear();
            frontierStates.clear();
        }
        frontierStates.add(state);
        if (depth > frontierDepth) {
            frontierDepth = depth;
            frontierPaths.clear();
        }
        if (depth == frontierDepth && frontierPaths.size() < MAX_PREFIXES) {
            // path[2k] = operation, path[2k+1] = state after it
            int[] path = new int[2 * depth];
            for (int k = 0; k < depth; k++) {
                path[2 * k] = stackNode[k] >> 1;
                path[2 * k + 1] = k + 1 < depth ? stackState[k + 1] : state;
            }
            frontierPaths.add(path);
        }
    }

    private SearchOutcome.Failure counterexampleParts() {
        List<List<Counterexample.Step>> prefixes = new ArrayList<>();
        for (int[] path : frontierPaths) {
            List<Counterexample.Step> steps = new ArrayList<>(path.length / 2);
            for (int k = 0; k < path.length; k += 2) {
                steps.add(new Counterexample.Step(ops[path[k]], model.describe(machine.state(path[k + 1]))));
            }
            prefixes.add(List.copyOf(steps));
        }
        List<String> possible = new ArrayList<>(frontierStates.size());
        for (int i = 0; i < frontierStates.size(); i++) {
            possible.add(model.describe(machine.state(frontierStates.get(i))));
        }
        return new SearchOutcome.Failure(ops[frontierOp], List.copyOf(prefixes), List.copyOf(possible));
    }
}
