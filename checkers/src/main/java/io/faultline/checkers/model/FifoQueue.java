package io.faultline.checkers.model;

import io.faultline.checkers.history.OpType;
import io.faultline.checkers.history.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A first-in first-out queue, initially empty: Knossos's {@code (fifo-queue)}. {@code :enqueue x}
 * appends {@code x}; {@code :dequeue x} is legal iff {@code x} is at the head, and removes it. Unlike
 * Knossos, an {@code :ok} dequeue whose value is nil means the client found the queue empty, and is
 * legal iff it is.
 *
 * <p>An indeterminate dequeue carries no value and, as in Knossos, is illegal in every state: it can
 * only linearize as "never happened". Should it really have taken the head, the model keeps that
 * element at the head and every later dequeue looks out of order, so with this model a timed-out
 * dequeue whose value was not recorded can turn a correct history into an invalid one; clients should
 * record the dequeued value even on timeout. One whose invocation names its value is checked like an
 * {@code :ok} one. See {@link UnorderedQueue}.
 *
 * <p>The state is an unmodifiable list of the pending elements, head first.
 */
public final class FifoQueue implements Model<List<Object>> {

    @Override
    public String name() {
        return "fifo-queue";
    }

    @Override
    public String description() {
        return "A FIFO queue, initially empty: :enqueue appends an element, :dequeue takes the oldest.";
    }

    @Override
    public List<Object> init() {
        return List.of();
    }

    @Override
    public List<Object> step(List<Object> pending, Operation op) {
        Object element = Canonical.of(op.value());
        switch (op.f()) {
            case "enqueue": {
                if (element == null) {
                    throw OperationErrors.malformed(name(), op, "an :enqueue needs the element to add, not nil");
                }
                List<Object> next = new ArrayList<>(pending);
                next.add(element);
                return Collections.unmodifiableList(next);
            }
            case "dequeue":
                if (element == null) {
                    // nil from an :ok dequeue is "empty"; from an :info one it is "unknown", see above
                    return op.type() != OpType.INFO && pending.isEmpty() ? pending : null;
                }
                if (pending.isEmpty() || !pending.get(0).equals(element)) {
                    return null;
                }
                return Collections.unmodifiableList(new ArrayList<>(pending.subList(1, pending.size())));
            default:
                throw OperationErrors.unsupported(name(), op, ":enqueue and :dequeue");
        }
    }

    @Override
    public String describe(List<Object> pending) {
        return Canonical.edn(pending);
    }
}
