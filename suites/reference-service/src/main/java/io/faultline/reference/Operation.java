package io.faultline.reference;

/** A change to the register, as a log entry carries it. */
sealed interface Operation {

    /** Set the register to {@code value}. */
    record Write(long value) implements Operation {
    }

    /** Set the register to {@code update} if it holds {@code expected}. */
    record Cas(long expected, long update) implements Operation {
    }

    /**
     * Changes nothing. A new leader appends one at the start of its term: once it is committed, every
     * entry of earlier terms is committed too, and only then may the leader answer reads.
     */
    record Noop() implements Operation {
    }

    /** {@code write=5}, {@code cas=1/2} or {@code noop}. */
    default String encode() {
        if (this instanceof Write w) {
            return "write=" + w.value();
        }
        if (this instanceof Cas c) {
            return "cas=" + c.expected() + "/" + c.update();
        }
        return "noop";
    }

    static Operation decode(String text) {
        if (text.equals("noop")) {
            return new Noop();
        }
        if (text.startsWith("write=")) {
            return new Write(Long.parseLong(text.substring("write=".length())));
        }
        if (text.startsWith("cas=")) {
            String[] parts = text.substring("cas=".length()).split("/");
            if (parts.length == 2) {
                return new Cas(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            }
        }
        throw new IllegalArgumentException("not an operation: '" + text + "'");
    }
}
