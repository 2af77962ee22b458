package io.faultline.reference;

/** The replicated state machine: one integer, changed by applying committed log entries in order. */
final class Register {
    private long value;
    private long appliedIndex;

    /** Starts from a checkpoint. */
    Register(Checkpoint from) {
        reset(from);
    }

    long value() {
        return value;
    }

    long appliedIndex() {
        return appliedIndex;
    }

    void reset(Checkpoint c) {
        value = c.value();
        appliedIndex = c.index();
    }

    /** Applies the entry at {@code index}, the next one; returns what a client that asked for it is told. */
    Response apply(long index, Operation operation) {
        if (index != appliedIndex + 1) {
            throw new IllegalStateException("applying entry " + index + " after " + appliedIndex);
        }
        appliedIndex = index;
        if (operation instanceof Operation.Write w) {
            value = w.value();
            return Response.ok(value);
        }
        if (operation instanceof Operation.Cas c) {
            if (value != c.expected()) {
                return Response.fail("cas expected " + c.expected() + " but found " + value);
            }
            value = c.update();
            return Response.ok(value);
        }
        return Response.ok(value);
    }
}
