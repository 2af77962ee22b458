package io.faultline.reference;

/** One log entry: the operation and the term of the leader that appended it. */
record Entry(long term, Operation operation) {

    /** {@code 3:write=5}. */
    String encode() {
        return term + ":" + operation.encode();
    }

    static Entry decode(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a log entry: '" + text + "'");
        }
        return new Entry(Long.parseLong(text.substring(0, colon)), Operation.decode(text.substring(colon + 1)));
    }
}
