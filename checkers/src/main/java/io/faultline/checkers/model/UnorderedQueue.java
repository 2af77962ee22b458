package io.faultline.checkers.model;

import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A queue that promises nothing about order, initially empty: Knossos's {@code (unordered-queue)}.
 * {@code :enqueue x} adds one copy of {@code x}; {@code :dequeue x} is legal iff a copy of {@code x}
 * is pending, and removes it. Unlike Knossos, an {@code :ok} dequeue whose value is nil means the
 * client found the queue empty, and is legal iff it is.
 *
 * <p>An indeterminate dequeue carries no value: its invocation does not say what it would take, and
 * nobody saw its result. As in Knossos it is illegal in every state, so it can only linearize as
 * "never happened" (the checker may leave an indeterminate operation out). Should it really have
 * taken an element, that element stays pending in the model, and a later dequeue that finds the
 * queue empty is reported illegal; clients that record the dequeued value even on timeout avoid this.
 * An indeterminate dequeue whose invocation names its value is checked like an {@code :ok} one.
 *
 * <p>The state is an unmodifiable multiset: each pending element mapped to its number of copies.
 */
public final class UnorderedQueue implements Model<Map<Object, Integer>> {

    @Override
    public String name() {
        return "unordered-queue";
    }

    @Override
    public String description() {
        return "A queue with no order, initially empty: :enqueue adds an element, :dequeue takes any pending one.";
    }

    @Override
    public Map<Object, Integer> init() {
        return Map.of();
    }

    @Override
    public Map<Object, Integer> step(Map<Object, Integer> pending, Operation op) {
        Object element = Canonical.of(op.value());
        switch (op.f()) {
            case "enqueue": {
                if (element == null) {
                    throw OperationErrors.malformed(name(), op, "an :enqueue needs the element to add, not nil");
                }
                Map<Object, Integer> next = new LinkedHashMap<>(pending);
                next.merge(element, 1, Integer::sum);
                return Collections.unmodifiableMap(next);
            }
            case "dequeue": {
                if (element == null) {
                    // nil from an :ok dequeue is "empty"; from an :info one it is "unknown", see above
                    return op.type() != OpType.INFO && pending.isEmpty() ? pending : null;
                }
                Integer copies = pending.get(element);
                if (copies == null) {
                    return null;
                }
                Map<Object, Integer> next = new LinkedHashMap<>(pending);
                if (copies == 1) {
                    next.remove(element);
                } else {
                    next.put(element, copies - 1);
                }
                return Collections.unmodifiableMap(next);
            }
            default:
                throw OperationErrors.unsupported(name(), op, ":enqueue and :dequeue");
        }
    }

    /** The pending elements as an EDN vector, one entry per copy, sorted when comparable. */
    @Override
    public String describe(Map<Object, Integer> pending) {
        List<Object> copies = new ArrayList<>();
        for (Object element : Canonical.sorted(pending.keySet())) {
            copies.addAll(Collections.nCopies(pending.get(element), element));
        }
        return Canonical.edn(copies);
    }
}
