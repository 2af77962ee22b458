package io.faultline.reference;

/**
 * The register as it stood after applying every entry up to {@code index}, whose term was {@code term}.
 * It replaces that prefix of the log, on disk and when a leader sends it to a follower too far behind.
 */
record Checkpoint(long index, long term, long value) {

    /** Before any entry: the register starts at 0. */
    static final Checkpoint EMPTY = new Checkpoint(0, 0, 0);
}
