package io.faultline.checkers.linear;

import io.faultline.checkers.history.History;
import io.faultline.checkers.history.HistoryException;
import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Operation;
import io.faultline.checkers.model.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
        if (parts.size() <= 1 || parallelism == 1) {
            SearchOutcome worst = null;
            String worstPart = null;
            for (List<Operation> part : parts) {
                SearchOutcome o = search(model, part, budget);
                if (worst == null || o.verdict().ordinal() > worst.verdict().ordinal()) {
                    worst = o;
                    worstPart = parts.size() > 1 ? partitionName(part) : null;
                }
                if (o.verdict() == Verdict.INVALID) {
                    break;
                }
            }
            return result(model, operations, start, worst == null ? SearchOutcome.valid(0) : worst, worstPart);
        }
        return checkInParallel(model, operations, parts, budget, start);
    }

    private <S> LinearizabilityResult checkInParallel(Model<S> model, List<Operation> operations,
            List<List<Operation>> parts, Budget budget, long start) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, parts.size()), r -> {
            Thread t = new Thread(r, "faultline-linearizability");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<Future<SearchOutcome>, List<Operation>> futures = new LinkedHashMap<>();
            for (List<Operation> part : parts) {
                futures.put(pool.submit(() -> {
                    SearchOutcome o = search(model, part, budget);
                    if (o.verdict() == Verdict.INVALID) {
                        budget.cancel("another partition is not linearizable");
                    }
                    return o;
                }), part);
            }
            SearchOutcome worst = SearchOutcome.valid(0);
            String worstPart = null;
            long configurations = 0;
            for (Map.Entry<Future<SearchOutcome>, List<Operation>> f : futures.entrySet()) {
                SearchOutcome o = f.getKey().get();
                configurations += o.configurations();
                if (o.verdict().ordinal() > worst.verdict().ordinal()) {
                    worst = o;
                    worstPart = partitionName(f.getValue());
                }
            }
            SearchOutcome total = new SearchOutcome(worst.verdict(), worst.reason(), worst.failure(), configurations);
            return result(model, operations, start, total, worstPart);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(model, operations, start, SearchOutcome.unknown("interrupted", 0), null);
        } catch (ExecutionException e) {
            return result(model, operations, start, SearchOutcome.unknown(describe(e.getCause()), 0), null);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <S> SearchOutcome search(Model<S> model, List<Operation> part, Budget budget) {
        try {
            return new WglSearch<>(model, part, budget).run();
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

    private static String partitionName(List<Operation> part) {
        if (part.isEmpty()) {
            return null;
        }
        Object v = part.get(0).value();
        return v instanceof List<?> l && !l.isEmpty() ? io.faultline.checkers.history.Values.toEdn(l.get(0)) : null;
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
