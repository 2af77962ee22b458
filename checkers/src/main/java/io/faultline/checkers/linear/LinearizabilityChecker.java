package io.faultline.checkers.linear;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Operation;
import io.faultline.checkers.model.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Decides whether a history is linearizable with respect to a {@link Model}: Wing &amp; Gong's
 * search with Lowe's memoisation, indeterminate operations that may take effect at any time after
 * their invocation or never (Knossos' {@code :info}), and P-compositionality — independent parts of
 * the history, as the model partitions it, are checked separately and in parallel.
 *
 * <p>Instances are immutable; {@code with*} returns a copy. A search that exceeds its time or memory
 * budget, or whose model rejects a value, answers {@link Verdict#UNKNOWN} with the reason.
 *
 * <pre>{@code
 * LinearizabilityResult r = LinearizabilityChecker.create()
 *         .withTimeLimit(Duration.ofSeconds(30))
 *         .check(CasRegister.casRegister(0L), history);
 * }</pre>
 */
public final class LinearizabilityChecker {
    /**
     * Steps a partition's search takes in its first turn; each later turn doubles it, up to
     * {@link #SLICE_STEPS}. Short first turns find a partition that is quickly shown invalid before
     * the long searches of others have run far (a search looks at its step count every 1,024 steps).
     */
    private static final int FIRST_SLICE_STEPS = 1 << 10;
    /** Steps a partition's search takes at most before another partition's gets a turn. */
    private static final long SLICE_STEPS = 1 << 15;
    /** How long the calling thread searches alone before it starts the others. */
    private static final long SOLO_NANOS = 2_000_000;
    private static final long NO_DEADLINE = Long.MIN_VALUE;

    private final Duration timeLimit;
    private final long memoryLimit;
    private final int parallelism;

    private LinearizabilityChecker(Duration timeLimit, long memoryLimit, int parallelism) {
        this.timeLimit = timeLimit;
        this.memoryLimit = memoryLimit;
        this.parallelism = parallelism;
    }

    /** 60 s, half the heap for memo tables, one thread per core. */
    public static LinearizabilityChecker create() {
        return new LinearizabilityChecker(Duration.ofSeconds(60), Runtime.getRuntime().maxMemory() / 2,
                Runtime.getRuntime().availableProcessors());
    }

    public LinearizabilityChecker withTimeLimit(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("time limit must be positive, got " + limit);
        }
        return new LinearizabilityChecker(limit, memoryLimit, parallelism);
    }

    /** Bytes the memo tables of one check may hold before it answers unknown. */
    public LinearizabilityChecker withMemoryLimit(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("memory limit must be positive, got " + bytes);
        }
        return new LinearizabilityChecker(timeLimit, bytes, parallelism);
    }

    /** Threads used to check independent partitions side by side. */
    public LinearizabilityChecker withParallelism(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + threads);
        }
        return new LinearizabilityChecker(timeLimit, memoryLimit, threads);
    }

    /** Checks a history's client operations; throws if the history is not well formed. */
    public <S> LinearizabilityResult check(Model<S> model, History history) throws HistoryException {
        return check(model, history.operations());
    }

    /** Checks client operations, as {@link History#operations()} pairs them. */
    public <S> LinearizabilityResult check(Model<S> model, List<Operation> operations) {
        long start = System.nanoTime();
        Budget budget = new Budget(timeLimit.toNanos(), memoryLimit);
        List<List<Operation>> parts;
        try {
            parts = model.partition(relevant(model, operations));
        } catch (RuntimeException e) {
            return result(model, operations, start, SearchOutcome.unknown(describe(e), 0), null);
        }
        SearchOutcome[] outcomes = decide(model, parts, budget);
        SearchOutcome worst = SearchOutcome.valid(0);
        String worstPart = null;
        long configurations = 0;
        for (int i = 0; i < outcomes.length; i++) {
            configurations += outcomes[i].configurations();
            if (outcomes[i].verdict().ordinal() > worst.verdict().ordinal()) {
                worst = outcomes[i];
                worstPart = parts.size() > 1 ? partitionName(parts, i) : null;
            }
        }
        SearchOutcome total = new SearchOutcome(worst.verdict(), worst.reason(), worst.failure(), configurations);
        return result(model, operations, start, total, worstPart);
    }

    /**
     * Searches the partitions as the model {@linkplain Model#simplify simplifies} them. When one is
     * not linearizable, the partitions not shown linearizable are searched again as they are, in the
     * same order and slices, so that the counterexample is the one the unsimplified search gives (a
     * partition shown linearizable cannot be the one it reports); only if that search runs out of
     * budget does the simplified search's counterexample stand, its operations mapped back.
     */
    private <S> SearchOutcome[] decide(Model<S> model, List<List<Operation>> parts, Budget budget) {
        List<List<Operation>> simplified = new ArrayList<>(parts.size());
        boolean changed = false;
        for (List<Operation> part : parts) {
            List<Operation> s = model.simplify(part);
            if (s.size() != part.size()) {
                throw new IllegalStateException(model.name() + ".simplify changed the number of operations");
            }
            changed |= s != part;
            simplified.add(s);
        }
        SearchOutcome[] first = searchAll(model, simplified, budget);
        if (!changed || Arrays.stream(first).noneMatch(o -> o.verdict() == Verdict.INVALID)) {
            return first;
        }
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < first.length; i++) {
            if (first[i].verdict() != Verdict.VALID) {
                open.add(i);
            }
        }
        List<List<Operation>> again = new ArrayList<>(open.size());
        open.forEach(i -> again.add(parts.get(i)));
        SearchOutcome[] exact = searchAll(model, again, budget.renewed());
        SearchOutcome[] outcomes = first.clone();
        if (Arrays.stream(exact).anyMatch(o -> o.verdict() == Verdict.INVALID)) {
            for (int k = 0; k < open.size(); k++) {
                outcomes[open.get(k)] = exact[k];
            }
            return outcomes;
        }
        for (int i : open) {
            if (first[i].verdict() == Verdict.INVALID) {
                outcomes[i] = withOriginalOps(first[i], simplified.get(i), parts.get(i));
            }
        }
        return outcomes;
    }

    private static SearchOutcome withOriginalOps(SearchOutcome outcome, List<Operation> simplified,
            List<Operation> original) {
        Map<Operation, Operation> back = new IdentityHashMap<>();
        for (int i = 0; i < simplified.size(); i++) {
            back.put(simplified.get(i), original.get(i));
        }
        SearchOutcome.Failure f = outcome.failure();
        List<List<Counterexample.Step>> prefixes = new ArrayList<>();
        for (List<Counterexample.Step> prefix : f.prefixes()) {
            prefixes.add(prefix.stream().map(step -> new Counterexample.Step(back.get(step.op()), step.stateAfter())).toList());
        }
        return SearchOutcome.invalid(new SearchOutcome.Failure(back.get(f.op()), List.copyOf(prefixes), f.possibleStates()),
                outcome.configurations());
    }

    /**
     * Runs one search per partition. Searches take turns in slices on {@code parallelism} threads,
     * each slice twice the last up to a cap, so that a partition which is quickly shown invalid stops
     * the others early, however the partitions are ordered. The calling thread works alone for its first {@link #SOLO_NANOS}: most
     * checks end by then, and on a loaded machine starting a thread and waiting for it to be
     * scheduled and joined costs more than such a check.
     */
    private <S> SearchOutcome[] searchAll(Model<S> model, List<List<Operation>> parts, Budget budget) {
        int count = parts.size();
        SearchOutcome[] outcomes = new SearchOutcome[count];
        List<WglSearch<S>> searches = new ArrayList<>(count);
        Queue<Integer> turns = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < count; i++) {
            searches.add(new WglSearch<>(model, parts.get(i), budget));
            turns.add(i);
        }
        long[] slices = new long[count];
        Arrays.fill(slices, count == 1 ? Long.MAX_VALUE : FIRST_SLICE_STEPS);
        long soloUntil = System.nanoTime() + SOLO_NANOS;
        List<Thread> helpers = new ArrayList<>();
        if (takeTurns(searches, outcomes, turns, slices, budget, soloUntil)) {
            for (int t = 1; t < Math.min(parallelism, count); t++) {
                Thread thread = new Thread(() -> takeTurns(searches, outcomes, turns, slices, budget, NO_DEADLINE),
                        "faultline-linearizability-" + t);
                thread.setDaemon(true);
                thread.start();
                helpers.add(thread);
            }
            takeTurns(searches, outcomes, turns, slices, budget, NO_DEADLINE);
        }
        for (Thread thread : helpers) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                budget.cancel("interrupted");
                return unknownWhereMissing(outcomes, "interrupted");
            }
        }
        return outcomes;
    }

    /**
     * Takes turns until none is left (false), or until {@code deadline} of {@link System#nanoTime()}
     * (true: turns are left).
     */
    private static <S> boolean takeTurns(List<WglSearch<S>> searches, SearchOutcome[] outcomes, Queue<Integer> turns,
            long[] slices, Budget budget, long deadline) {
        for (Integer i = turns.poll(); i != null; i = turns.poll()) {
            // A partition is in the queue or with one thread, never both: the queue orders the accesses.
            SearchOutcome o = resume(searches.get(i), slices[i]);
            if (o == null) {
                if (slices[i] < SLICE_STEPS) {
                    slices[i] *= 2;
                }
                turns.add(i);
            } else {
                outcomes[i] = o;
                searches.set(i, null);
                if (o.verdict() == Verdict.INVALID) {
                    budget.cancel("another partition is not linearizable");
                }
            }
            if (deadline != NO_DEADLINE && System.nanoTime() - deadline > 0) {
                return !turns.isEmpty();
            }
        }
        return false;
    }

    private static SearchOutcome[] unknownWhereMissing(SearchOutcome[] outcomes, String reason) {
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                outcomes[i] = SearchOutcome.unknown(reason, 0);
            }
        }
        return outcomes;
    }

    private static <S> SearchOutcome resume(WglSearch<S> search, long steps) {
        try {
            return search.resume(steps);
        } catch (Budget.Exhausted e) {
            return SearchOutcome.unknown(e.getMessage(), 0);
        } catch (OutOfMemoryError e) {
            // The memo table is garbage by now; say so rather than take the run down.
            return SearchOutcome.unknown("ran out of heap; raise -Xmx or lower the memory limit", 0);
        } catch (RuntimeException e) {
            return SearchOutcome.unknown(describe(e), 0);
        }
    }

    /**
     * Leaves out what cannot affect the verdict: failed operations (unless the model reads their
     * failure as an observation), operations the model calls identities, and indeterminate operations
     * invoked after every determinate one returned — they could only take effect after the end.
     */
    private static <S> List<Operation> relevant(Model<S> model, List<Operation> operations) {
        int lastReturn = -1;
        for (Operation op : operations) {
            if (op.invokeIndex() < 0) {
                throw new IllegalArgumentException("operation " + op + " has no history index; build histories with History.of");
            }
            if (!op.isIndeterminate() && (op.type() != OpType.FAIL || model.observesFailure(op))) {
                lastReturn = Math.max(lastReturn, op.completeIndex());
            }
        }
        List<Operation> kept = new ArrayList<>(operations.size());
        for (Operation op : operations) {
            if (op.type() == OpType.FAIL && !model.observesFailure(op)) {
                continue;
            }
            if (model.isIdentity(op)) {
                continue;
            }
            if (op.isIndeterminate() && op.invokeIndex() > lastReturn) {
                continue;
            }
            kept.add(op);
        }
        return kept;
    }

    /**
     * How a report names a partition: its key when every operation in it is a Jepsen independent
     * tuple {@code [key value]} with the same key, else its position.
     */
    private static String partitionName(List<List<Operation>> parts, int i) {
        Object key = null;
        for (Operation op : parts.get(i)) {
            if (!(op.invocation().value() instanceof List<?> tuple && tuple.size() == 2)
                    || (key != null && !key.equals(tuple.get(0)))) {
                return "partition " + (i + 1) + " of " + parts.size();
            }
            key = tuple.get(0);
        }
        return key == null ? null : io.faultline.checkers.history.Values.toEdn(key);
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static <S> LinearizabilityResult result(Model<S> model, List<Operation> operations, long start,
            SearchOutcome outcome, String partition) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Counterexample cex = null;
        if (outcome.verdict() == Verdict.INVALID) {
            SearchOutcome.Failure f = outcome.failure();
            cex = new Counterexample(f.op(), partition, f.prefixes(), f.possibleStates(),
                    previousOk(operations, f.op()));
        }
        return new LinearizabilityResult(outcome.verdict(), model.name(), operations.size(), elapsed,
                outcome.reason(), cex, outcome.configurations());
    }

    /** Each other process's last :ok operation that completed before {@code op} did. */
    private static Map<Integer, Operation> previousOk(List<Operation> operations, Operation op) {
        Map<Integer, Operation> last = new LinkedHashMap<>();
        int until = op.completeIndex();
        for (Operation o : operations) {
            if (o.process() != op.process() && o.type() == OpType.OK && o.completeIndex() < until) {
                Operation seen = last.get(o.process());
                if (seen == null || seen.completeIndex() < o.completeIndex()) {
                    last.put(o.process(), o);
                }
            }
        }
        return Map.copyOf(last);
    }
}
