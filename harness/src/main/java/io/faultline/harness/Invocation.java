package io.faultline.harness;

import java.util.Objects;

/** An operation to perform: a function and its argument, as in a Jepsen {@code :invoke}. */
public record Invocation(String f, Object value) {
    public Invocation {
        Objects.requireNonNull(f, "f");
    }

    public static Invocation of(String f, Object value) {
        return new Invocation(f, value);
    }
}
