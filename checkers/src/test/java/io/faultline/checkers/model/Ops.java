package io.faultline.checkers.model;

import io.faultline.checkers.history.Keyword;
import io.faultline.checkers.history.Op;
import io.faultline.checkers.history.Operation;
import java.util.Arrays;
import java.util.List;

/** Single operations for model tests, built the way {@code History.operations()} pairs them. */
final class Ops {
    private Ops() {
    }

    /** Invoked with {@code value}, completed :ok with the same value. */
    static Operation ok(String f, Object value) {
        return ok(f, value, value);
    }

    /** Invoked with {@code invoked}, completed :ok with {@code returned}. */
    static Operation ok(String f, Object invoked, Object returned) {
        return new Operation(0, Op.invoke(0, f, invoked).withIndex(0), Op.ok(0, f, returned).withIndex(1));
    }

    /** Invoked with {@code value}, completed :info: the result is unknown. */
    static Operation info(String f, Object value) {
        return new Operation(0, Op.invoke(0, f, value).withIndex(0), Op.info(0, f, value).withIndex(1));
    }

    static Keyword kw(String name) {
        return Keyword.of(name);
    }

    /** A list that may hold nulls, as EDN vectors such as {@code [:read :x nil]} do. */
    static List<Object> vec(Object... items) {
        return Arrays.asList(items);
    }
}
