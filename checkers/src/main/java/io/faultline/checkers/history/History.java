package io.faultline.checkers.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, ordered list of events. Order is the real-time order in which they happened, as in
 * Jepsen: an operation whose completion comes before another's invocation precedes it.
 */
public final class History {
    private final String source;
    private final List<Op> ops;
    private final int[] lines;

    private History(String source, List<Op> ops, int[] lines) {
        this.source = source;
        this.ops = ops;
        this.lines = lines;
    }

    /** A history of these events, indexed in order (any index they carry is replaced). */
    public static History of(List<Op> ops) {
        return of(null, ops, null);
    }

    /**
     * A history read from {@code source}, where {@code lines[i]} is the 1-based line of event i
     * (0 where unknown). Events are re-indexed in order.
     */
    public static History of(String source, List<Op> ops, int[] lines) {
        List<Op> indexed = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            indexed.add(op.index() == i ? op : op.withIndex(i));
        }
        int[] l = lines == null ? new int[ops.size()] : Arrays.copyOf(lines, ops.size());
        return new History(source, List.copyOf(indexed), l);
    }

    public List<Op> ops() {
        return ops;
    }

    public int size() {
        return ops.size();
    }

    /** Where the history came from (a file name), or null. */
    public String source() {
        return source;
    }

    /** The 1-based source line of event {@code index}, or 0 when unknown. */
    public int line(int index) {
        return lines[index];
    }

    /**
     * Checks that the history is well formed: each process has at most one outstanding invocation,
     * and every completion matches an outstanding invocation of the same process and function.
     * Nemesis events are exempt: Jepsen's nemesis logs {@code :info} events with no invocation.
     *
     * @throws HistoryException naming the first offending event's line
     */
    public History validate() throws HistoryException {
        Map<Integer, Op> open = new HashMap<>();
        for (Op op : ops) {
            if (op.isNemesis()) {
                continue;
            }
            Op pending = open.get(op.process());
            if (op.type() == OpType.INVOKE) {
                if (pending != null) {
                    throw problem(op, "process " + op.process() + " invokes " + op.f() + " while its " + pending.f()
                            + " invoked at " + where(pending) + " is still outstanding; a process runs one "
                            + "operation at a time (Jepsen gives a timed-out client a new process number)");
                }
                open.put(op.process(), op);
            } else {
                if (pending == null) {
                    throw problem(op, "process " + op.process() + " completes :" + op.f() + " with :"
                            + op.type().keyword() + " but has no outstanding invocation");
                }
                if (!pending.f().equals(op.f())) {
                    throw problem(op, "process " + op.process() + " completes :" + op.f() + " but its outstanding "
                            + "invocation at " + where(pending) + " is :" + pending.f());
                }
                open.remove(op.process());
            }
        }
        return this;
    }

    /**
     * The client operations, invocations paired with completions, in invocation order. Nemesis
     * events are left out. Call {@link #validate()} first; pairing an ill-formed history throws.
     */
    public List<Operation> operations() throws HistoryException {
        validate();
        Map<Integer, Integer> open = new HashMap<>();
        List<Op> invocations = new ArrayList<>();
        List<Op> completions = new ArrayList<>();
        for (Op op : ops) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                open.put(op.process(), invocations.size());
                invocations.add(op);
                completions.add(null);
            } else {
                completions.set(open.remove(op.process()), op);
            }
        }
        List<Operation> result = new ArrayList<>(invocations.size());
        for (int i = 0; i < invocations.size(); i++) {
            result.add(new Operation(i, invocations.get(i), completions.get(i)));
        }
        return List.copyOf(result);
    }

    private String where(Op op) {
        int line = lines[op.index()];
        return line > 0 ? "line " + line : "event " + op.index();
    }

    private HistoryException problem(Op op, String what) {
        int line = lines[op.index()];
        return new HistoryException(source, line, line > 0 ? what : "event " + op.index() + ": " + what);
    }

    @Override
    public String toString() {
        return "History[" + (source == null ? "" : source + ", ") + ops.size() + " events]";
    }
}
