package io.faultline.checkers.history;

/**
 * A client operation: an invocation paired with its completion. An invocation that never completed
 * is treated as {@link OpType#INFO}: it may have taken effect at any time after it began, or never.
 *
 * @param id dense number of this operation among the history's client operations, from 0
 * @param invocation the {@code :invoke} event
 * @param completion the {@code :ok}, {@code :fail} or {@code :info} event, or null if none was recorded
 */
public record Operation(int id, Op invocation, Op completion) {

    /** How the operation ended; {@link OpType#INFO} when it never completed. */
    public OpType type() {
        return completion == null ? OpType.INFO : completion.type();
    }

    public int process() {
        return invocation.process();
    }

    public String f() {
        return invocation.f();
    }

    /**
     * The value a model sees: what the completion reported for {@code :ok} and {@code :fail} (the
     * invocation's value when the completion carries none), and the invocation's argument for an
     * indeterminate operation, whose result nobody saw.
     */
    public Object value() {
        if (completion == null || completion.type() == OpType.INFO || completion.value() == null) {
            return invocation.value();
        }
        return completion.value();
    }

    /** True when the result is unknown: the operation timed out, crashed or never completed. */
    public boolean isIndeterminate() {
        return type() == OpType.INFO;
    }

    /** Index in the history of the invocation. */
    public int invokeIndex() {
        return invocation.index();
    }

    /** Index in the history of the completion; {@link Integer#MAX_VALUE} when indeterminate. */
    public int completeIndex() {
        return completion == null || completion.type() == OpType.INFO ? Integer.MAX_VALUE : completion.index();
    }

    @Override
    public String toString() {
        return (process() == Op.NEMESIS ? ":nemesis" : Integer.toString(process())) + " :" + type().keyword()
                + " :" + f() + " " + Values.toEdn(value());
    }
}
