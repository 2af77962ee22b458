package io.faultline.checkers.history;

import java.util.Objects;

/**
 * One event of a history, as Jepsen records it: a process invoked {@code f} with {@code value}, or
 * that invocation completed.
 *
 * <p>Values are plain Java: {@code null}, {@link Long}, {@link Double}, {@link java.math.BigInteger},
 * {@link String}, {@link Boolean}, {@link Keyword}, {@link java.util.List}, {@link java.util.Set} and
 * {@link java.util.Map} of these; an op keeps them in {@link Values#canonical canonical} form, so an
 * {@code Integer} given becomes a {@code Long}.
 *
 * @param index position in the history, from 0
 * @param process the logical client, from 0; {@link #NEMESIS} for the fault injector
 * @param type invoke, ok, fail or info
 * @param f the function, e.g. {@code read}, {@code write}, {@code cas} (keyword name, no colon)
 * @param value the argument on invocation, the result on completion
 * @param time nanoseconds on the run's monotonic clock, or {@link #NO_TIME}
 * @param error an error value recorded with a failure, or null
 */
public record Op(int index, int process, OpType type, String f, Object value, long time, Object error) {
    /** Process number of the nemesis ({@code :nemesis} in EDN). */
    public static final int NEMESIS = -1;
    /** Time of an op whose source recorded none. */
    public static final long NO_TIME = Long.MIN_VALUE;

    public Op {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(f, "f");
        if (process < NEMESIS) {
            throw new IllegalArgumentException("process must be >= 0, or Op.NEMESIS; got " + process);
        }
        value = Values.canonical(value);
        error = Values.canonical(error);
    }

    public static Op invoke(int process, String f, Object value) {
        return new Op(-1, process, OpType.INVOKE, f, value, NO_TIME, null);
    }

    public static Op ok(int process, String f, Object value) {
        return new Op(-1, process, OpType.OK, f, value, NO_TIME, null);
    }

    public static Op fail(int process, String f, Object value) {
        return new Op(-1, process, OpType.FAIL, f, value, NO_TIME, null);
    }

    public static Op info(int process, String f, Object value) {
        return new Op(-1, process, OpType.INFO, f, value, NO_TIME, null);
    }

    public boolean isNemesis() {
        return process == NEMESIS;
    }

    public boolean hasTime() {
        return time != NO_TIME;
    }

    public Op withIndex(int newIndex) {
        return new Op(newIndex, process, type, f, value, time, error);
    }

    public Op withTime(long newTime) {
        return new Op(index, process, type, f, value, newTime, error);
    }

    public Op withError(Object newError) {
        return new Op(index, process, type, f, value, time, newError);
    }

    /** Jepsen's console form, e.g. {@code 3 :ok :read 4}. */
    @Override
    public String toString() {
        return (isNemesis() ? ":nemesis" : Integer.toString(process)) + " :" + type.keyword() + " :" + f + " "
                + Values.toEdn(value) + (error == null ? "" : " " + Values.toEdn(error));
    }
}
