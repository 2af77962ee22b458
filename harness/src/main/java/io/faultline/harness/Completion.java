package io.faultline.harness;

import io.faultline.checkers.history.OpType;

/** How an operation ended, as a client reports it. */
public record Completion(OpType type, Object value, Object error) {

    public Completion {
        if (type == OpType.INVOKE) {
            throw new IllegalArgumentException("a completion is :ok, :fail or :info");
        }
    }

    /** It took effect; {@code value} is the result (what a read saw), or the argument for a write. */
    public static Completion ok(Object value) {
        return new Completion(OpType.OK, value, null);
    }

    /** It certainly did not take effect. */
    public static Completion fail(Object error) {
        return new Completion(OpType.FAIL, null, error);
    }

    /** Nobody knows whether it took effect. */
    public static Completion info(Object error) {
        return new Completion(OpType.INFO, null, error);
    }
}
